from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from performance.services.transfer import returns_import_csv


class Command(BaseCommand):
    help = (
        "Import return figures from FILE for any force (the national team's data pipelines). All or nothing: "
        "exits 0 with a summary when imported, non-zero with every row's errors (and nothing written) when not."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A CSV file with the header force_code,period,measure_code,breakdown,value,note"
        )

    def handle(self, *args, file, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            result = returns_import_csv(content=content, user=None)
        except DomainError as exc:
            raise CommandError(f"{file}: {exc.message}") from exc
        if not result.ok:
            for error in result.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(f"{file}: {where}{column}: {error.message}")
            raise CommandError(
                f"{file}: {len(result.errors)} problems in {result.rows_with_errors} rows; nothing was imported"
            )
        self.stdout.write(f"{file}: imported. {result.summary()}")
