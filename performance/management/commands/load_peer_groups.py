from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from performance.services.peers import peer_groups_load


class Command(BaseCommand):
    help = "Load most-similar peer groups from FILE (CSV: force_code,peer_code; up to seven peers a force)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            loaded, errors = peer_groups_load(content=Path(file).read_bytes())
        except (OSError, DomainError) as exc:
            raise CommandError(f"{file}: {getattr(exc, 'message', exc)}") from exc
        if errors:
            for error in errors:
                self.stderr.write(f"{file}: row {error.row}: {error.message}")
            raise CommandError(f"{file}: {len(errors)} problems; nothing was loaded")
        self.stdout.write(f"Peer groups loaded for {loaded} forces")
