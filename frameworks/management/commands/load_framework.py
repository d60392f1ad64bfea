from django.core.management.base import BaseCommand, CommandError

from common.reference import ReferenceDataError, read_yaml
from frameworks.services import framework_load_report


class Command(BaseCommand):
    help = (
        "Load national framework files (YAML; format in frameworks/data/README.md), in the order "
        "given. Idempotent; a published framework is never changed in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        for path in files:
            try:
                report = framework_load_report(data=read_yaml(path))
            except ReferenceDataError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(f"{path}: {report.summary()}")
            if options["verbosity"] > 1:
                for line in report.changes:
                    self.stdout.write(f"  {line}")
