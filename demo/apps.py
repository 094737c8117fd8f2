from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data behind `seed_demo`; it imports the product's apps and none imports it."""

    name = "demo"
    verbose_name = "Demo"
