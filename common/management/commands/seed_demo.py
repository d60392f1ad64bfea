from django.core.management.base import BaseCommand

from common.discovery import app_modules

SCALES = ("small", "national")


class Command(BaseCommand):
    help = (
        "Create demo data for every app. Idempotent. --scale small for `make run`; "
        "--scale national for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")

    def handle(self, *args, scale, **options):
        for config, module in app_modules("demo", "seed"):
            self.stdout.write(f"{config.label}: {module.seed(scale)}")
