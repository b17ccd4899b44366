"""The REST API (`/api/v1/`): serializers and views over the same services and permission
functions as the pages, personal-token authentication, throttling and the OpenAPI document."""
