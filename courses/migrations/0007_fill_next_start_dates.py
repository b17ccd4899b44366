"""Fill `Course.next_start_date` for the courses that exist when it is added (the services and
the daily `refresh_next_offerings` keep it current afterwards)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone


def fill(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    Offering = apps.get_model("courses", "Offering")
    soonest = Offering.objects.filter(
        course_id=OuterRef("pk"), status="scheduled", start_date__gte=timezone.localdate()
    ).order_by("start_date", "pk")
    Course.objects.update(next_start_date=Subquery(soonest.values("start_date")[:1]))


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_catalog_performance")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
