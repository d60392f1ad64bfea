from pathlib import Path

from django.core.management.base import BaseCommand

from performance.services.transfer import returns_export_csv


class Command(BaseCommand):
    help = (
        "Write every force's return figures for every period to FILE "
        "(CSV: force_code,period,measure_code,breakdown,value,note)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the CSV file ('-' for standard output)")

    def handle(self, *args, file, **options):
        content = returns_export_csv()
        if file == "-":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        Path(file).write_bytes(content)
        rows = content.count(b"\n") - 1
        self.stdout.write(f"Exported {rows} figures to {file}")
