"""The product's pages, one module per part of it. Views are thin: parse, authorize, call a
service, render."""
