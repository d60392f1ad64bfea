"""Password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's parameters."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """
    Argon2id with 19 MiB of memory, 2 passes and 1 lane (OWASP's recommended minimum).

    Django's defaults (100 MiB, 8 lanes) cost about as much CPU per sign-in as PBKDF2 and spread it
    over every core: on a two-core web host a burst of sign-ins stalled every page (issue 14).
    These parameters cost about 25 ms of one core and stay memory-hard. The algorithm name is
    Django's ("argon2"), so hashes made with other parameters still verify, and are rehashed with
    these at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
