from django.core.management.base import BaseCommand, CommandError

from common.reference import ReferenceDataError, read_yaml
from performance.services.measures import measure_set_load


class Command(BaseCommand):
    help = (
        "Load a measure set from FILE (the format of performance/data/measures.yaml), for example the "
        "official definitions as a new version. A set that already has returns is never changed in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            self.stdout.write(measure_set_load(data=read_yaml(file)))
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
