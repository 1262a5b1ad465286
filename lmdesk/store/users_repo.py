"""Users in the patient DB: argon2 password hashes, sign-in with lock-out, audited changes.

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (argon2id, its default
memory-hard parameters). Neither a password nor its hash ever leaves this module: audit
rows, exceptions, log lines and ``User`` objects carry neither.

Rights are checked here too (defence in depth): adding, changing and retiring users needs
a ward administrator; a password is changed by its owner or an administrator. The very
first user of a database is added without anyone signed in and is made ward administrator.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.errors import BadInputError
from lmdesk.models.users.password import check_password
from lmdesk.models.users.rights import Action, check
from lmdesk.models.users.roles import Role, sorted_roles
from lmdesk.models.users.user import User, login_key
from lmdesk.models.users.ward_settings import WardSettings, settings_from_stored
from lmdesk.store.conflicts import stale_edit
from lmdesk.store.patient_store import PatientStore

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ENTITY = "user"
_COLUMNS = "id, login, name_en, name_zh, staff_no, roles, register_until, active, row_version"


class SignInError(BadInputError):
    """Sign-in refused (CLI exit 2). The message never says whether the login or the
    password was wrong, and never repeats either."""


def _user_from_row(row: tuple[Any, ...]) -> User:
    uid, login, name_en, name_zh, staff_no, roles, register_until, active, version = row
    return User(
        id=int(uid),
        login=str(login),
        name_en=str(name_en),
        name_zh=str(name_zh),
        staff_no=str(staff_no),
        roles=frozenset(Role(r) for r in str(roles).split(",") if r),
        register_until=date.fromisoformat(register_until) if register_until else None,
        active=bool(active),
        row_version=int(version),
    )


def _public(user: User) -> dict[str, Any]:
    """What the audit trail keeps of a user (never the password or its hash)."""
    return {
        "login": user.login,
        "name_en": user.name_en,
        "name_zh": user.name_zh,
        "staff_no": user.staff_no,
        "roles": [r.value for r in sorted_roles(user.roles)],
        "register_until": user.register_until.isoformat() if user.register_until else None,
        "active": user.active,
    }


def _roles_column(user: User) -> str:
    return ",".join(r.value for r in sorted_roles(user.roles))


class UsersRepository:
    """Add, change, retire and sign in users; ``settings`` gives the lock-out values."""

    def __init__(
        self,
        patients: PatientStore,
        *,
        settings: WardSettings | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._pdb = patients
        self._settings = settings
        if hasher is not None:
            self.__dict__["_hasher"] = hasher

    @cached_property
    def _hasher(self) -> PasswordHasher:
        from argon2 import PasswordHasher  # memory-hard KDF; loaded only when users are used

        return PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        """Verified against on an unknown login, so both failures take the same time."""
        return self._hasher.hash("lmdesk-no-such-user")

    def _ward(self) -> WardSettings:
        if self._settings is not None:
            return self._settings
        rows = self._pdb.conn.execute("SELECT key, value FROM ward_settings").fetchall()
        return settings_from_stored({str(k): str(v) for k, v in rows})

    # -- reading --------------------------------------------------------------------------

    def has_users(self) -> bool:
        return self._pdb.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def list(self, *, include_retired: bool = True) -> list[User]:
        sql = f"SELECT {_COLUMNS} FROM users"
        if not include_retired:
            sql += " WHERE active = 1"
        rows = self._pdb.conn.execute(sql + " ORDER BY login").fetchall()
        return [_user_from_row(r) for r in rows]

    def get(self, user_id: int) -> User:
        row = self._pdb.conn.execute(
            f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No user {id}.").format(id=user_id))
        return _user_from_row(row)

    def find(self, login: str) -> User | None:
        row = self._pdb.conn.execute(
            f"SELECT {_COLUMNS} FROM users WHERE login = ?", (login_key(login),)
        ).fetchone()
        return None if row is None else _user_from_row(row)

    def get_by_login(self, login: str) -> User:
        found = self.find(login)
        if found is None:
            raise BadInputError(_("No user with the login name {login!r}.").format(login=login))
        return found

    def locked_until(self, user: User) -> datetime | None:
        """When the user's lock-out ends, if they are locked out now."""
        row = self._pdb.conn.execute(
            "SELECT locked_until FROM users WHERE id = ?", (user.id,)
        ).fetchone()
        if row is None or not row[0]:
            return None
        until = datetime.fromisoformat(str(row[0]))
        return until if until > self._pdb.clock.now() else None

    # -- changing -------------------------------------------------------------------------

    def add(self, user: User, password: str, by: User | None) -> User:
        """Store a new user with their password's hash; audited.

        ``by`` is the signed-in administrator; it may be None only while the database has
        no user at all, and that first user is made ward administrator.
        """
        pdb = self._pdb
        check_password(password, user.login)
        hashed = self._hasher.hash(password) if pdb.keeps_password_hashes else ""
        with pdb.transaction() as conn:
            first = not self.has_users()
            if by is None and not first:
                raise BadInputError(_("Sign in as a ward administrator to add users."))
            if by is not None:
                check(Action.MANAGE_USERS, self._fresh(by), pdb.clock.today())
            if first:
                user = user.model_copy(update={"roles": user.roles | {Role.ADMIN}})
            if self.find(user.login) is not None:
                raise BadInputError(
                    _("The login name {login!r} is taken.").format(login=user.login)
                )
            now = pdb.now_iso()
            cur = conn.execute(
                "INSERT INTO users (login, name_en, name_zh, staff_no, roles, register_until,"
                " active, password_hash, failed_attempts, locked_until, created_at, updated_at,"
                " row_version) VALUES (?, ?, ?, ?, ?, ?, 1, ?, 0, NULL, ?, ?, 1) RETURNING id",
                (
                    user.login,
                    user.name_en,
                    user.name_zh,
                    user.staff_no,
                    _roles_column(user),
                    user.register_until.isoformat() if user.register_until else None,
                    hashed,
                    now,
                    now,
                ),
            )
            new_id = int(cur.fetchone()[0])
            saved = user.model_copy(update={"id": new_id, "active": True, "row_version": 1})
            pdb.sync_account(saved, password, None)
            who = by.display_name if by is not None else saved.display_name
            pdb.audit(
                "user.add",
                ENTITY,
                new_id,
                None,
                {**_public(saved), "by": who, "first_admin": first},
                event=AuditEvent(
                    code="user.add",
                    params={
                        "login": saved.login,
                        "name": saved.display_name,
                        "roles": _roles_column(saved),
                        "who": who,
                    },
                ),
                user=who,
            )
        return saved

    def update(self, user: User, by: User) -> User:
        """Save changed details (names, staff number, roles, register date); audited.

        ``user.row_version`` must be the stored one (else ``ConflictError``). The ward keeps
        at least one active administrator.
        """
        pdb = self._pdb
        with pdb.transaction() as conn:
            check(Action.MANAGE_USERS, self._fresh(by), pdb.clock.today())
            before = self._current(user)
            other = self.find(user.login)
            if other is not None and other.id != user.id:
                raise BadInputError(
                    _("The login name {login!r} is taken.").format(login=user.login)
                )
            if Role.ADMIN in before.roles and Role.ADMIN not in user.roles:
                self._keep_an_admin(user.id)
            conn.execute(
                "UPDATE users SET login = ?, name_en = ?, name_zh = ?, staff_no = ?, roles = ?,"
                " register_until = ?, updated_at = ?, row_version = row_version + 1"
                " WHERE id = ?",
                (
                    user.login,
                    user.name_en,
                    user.name_zh,
                    user.staff_no,
                    _roles_column(user),
                    user.register_until.isoformat() if user.register_until else None,
                    pdb.now_iso(),
                    user.id,
                ),
            )
            saved = self.get(int(user.id or 0))
            pdb.sync_account(saved, None, before.login if before.login != saved.login else None)
            pdb.audit(
                "user.update",
                ENTITY,
                saved.id or 0,
                _public(before),
                {**_public(saved), "by": by.display_name},
                event=AuditEvent(
                    code="user.update",
                    params={
                        "login": saved.login,
                        "name": saved.display_name,
                        "roles": _roles_column(saved),
                        "register_until": (
                            saved.register_until.isoformat() if saved.register_until else None
                        ),
                        "who": by.display_name,
                    },
                ),
                user=by.display_name,
            )
        return saved

    def retire(self, user: User, by: User) -> User:
        """Retire a user (they can no longer sign in; their name stays on what they did)."""
        pdb = self._pdb
        with pdb.transaction() as conn:
            check(Action.MANAGE_USERS, self._fresh(by), pdb.clock.today())
            before = self._current(user)
            if not before.active:
                return before
            if Role.ADMIN in before.roles:
                self._keep_an_admin(before.id)
            conn.execute(
                "UPDATE users SET active = 0, updated_at = ?, row_version = row_version + 1"
                " WHERE id = ?",
                (pdb.now_iso(), before.id),
            )
            saved = self.get(int(before.id or 0))
            pdb.sync_account(saved, None, None)
            pdb.audit(
                "user.retire",
                ENTITY,
                saved.id or 0,
                {"active": True},
                {"active": False, "login": saved.login, "by": by.display_name},
                event=AuditEvent(
                    code="user.retire",
                    params={
                        "login": saved.login,
                        "name": saved.display_name,
                        "who": by.display_name,
                    },
                ),
                user=by.display_name,
            )
        return saved

    def set_password(self, user: User, password: str, by: User) -> None:
        """A new password (by its owner or an administrator); clears any lock-out; audited
        without the password or its hash."""
        pdb = self._pdb
        check_password(password, user.login)
        with pdb.transaction() as conn:
            actor = self._fresh(by)
            target = self.get(int(user.id or 0))
            if actor.id != target.id or not actor.active:
                check(Action.MANAGE_USERS, actor, pdb.clock.today())
            if pdb.keeps_password_hashes:
                conn.execute(
                    "UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL,"
                    " updated_at = ?, row_version = row_version + 1 WHERE id = ?",
                    (self._hasher.hash(password), pdb.now_iso(), target.id),
                )
            pdb.set_account_password(target.login, password)
            pdb.audit(
                "user.password",
                ENTITY,
                target.id or 0,
                None,
                {"login": target.login, "by": actor.display_name},
                event=AuditEvent(
                    code="user.password",
                    params={
                        "login": target.login,
                        "name": target.display_name,
                        "who": actor.display_name,
                    },
                ),
                user=actor.display_name,
            )

    # -- signing in -----------------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> User:
        """The user whose login and password these are; ``SignInError`` otherwise.

        Each failure counts; the ward's ``lockout_failures`` in a row lock the user out for
        ``lockout_minutes`` (a correct password is refused while locked). The lock-out is
        audited; the failures before it are counted only.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        pdb = self._pdb
        generic = _("Sign-in failed: unknown login name or wrong password.")
        key = login_key(login)
        if not pdb.keeps_password_hashes:
            return self._authenticate_on_server(key, password, generic)
        row = pdb.conn.execute(
            "SELECT id, password_hash, failed_attempts, locked_until, active FROM users"
            " WHERE login = ?",
            (key,),
        ).fetchone()
        if row is None:
            with contextlib.suppress(VerificationError, InvalidHashError):
                self._hasher.verify(self._dummy_hash, password)
            raise SignInError(generic)
        uid, stored_hash, failures, locked, active = row
        now = pdb.clock.now()
        if locked and datetime.fromisoformat(str(locked)) > now:
            until = datetime.fromisoformat(str(locked)).astimezone(now.tzinfo)
            raise SignInError(
                _("Sign-in locked after repeated failures; try again at {time}.").format(
                    time=until.strftime("%H:%M")
                )
            )
        try:
            self._hasher.verify(str(stored_hash), password)
        except (VerificationError, InvalidHashError):
            self._count_failure(int(uid), int(failures))
            raise SignInError(generic) from None
        if not active:
            raise SignInError(generic)
        with pdb.transaction() as conn:
            if self._hasher.check_needs_rehash(str(stored_hash)):
                conn.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?",
                    (self._hasher.hash(password), uid),
                )
            if failures or locked:
                conn.execute(
                    "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                    (uid,),
                )
        return self.get(int(uid))

    def _authenticate_on_server(self, key: str, password: str, generic: str) -> User:
        """The ward server checks the password (the user's own role, SCRAM); its own
        settings (e.g. ``auth_delay``) slow down guessing there."""
        from lmdesk.models.errors import LmdeskError

        try:
            self._pdb.check_credentials(key, password)
        except LmdeskError as exc:
            from lmdesk.store.server.errors import ServerSignInError

            if isinstance(exc, ServerSignInError):
                raise SignInError(generic) from None
            raise
        found = self.find(key)
        if found is None or not found.active:
            raise SignInError(generic)
        return found

    def _count_failure(self, uid: int, failures: int) -> None:
        pdb = self._pdb
        ward = self._ward()
        failures += 1
        with pdb.transaction() as conn:
            if failures < ward.lockout_failures:
                conn.execute("UPDATE users SET failed_attempts = ? WHERE id = ?", (failures, uid))
                return
            until = pdb.clock.now() + timedelta(minutes=ward.lockout_minutes)
            conn.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?",
                (until.isoformat(timespec="seconds"), uid),
            )
            user = self.get(uid)
            pdb.audit(
                "user.lockout",
                ENTITY,
                uid,
                None,
                {"login": user.login, "until": until.isoformat(timespec="seconds")},
                event=AuditEvent(
                    code="user.lockout",
                    params={
                        "login": user.login,
                        "failures": failures,
                        "until": until.isoformat(timespec="seconds"),
                    },
                ),
                user=user.display_name,
            )

    # -- helpers --------------------------------------------------------------------------

    def _fresh(self, by: User) -> User:
        """The acting user as stored now (a retired or changed admin loses their rights)."""
        if by.id is None:
            raise BadInputError(_("Sign in first."))
        return self.get(by.id)

    def _current(self, user: User) -> User:
        if user.id is None:
            raise BadInputError(_("No such user."))
        stored = self.get(user.id)
        if stored.row_version != user.row_version:
            raise stale_edit(
                self._pdb,
                ENTITY,
                user.id,
                _("{name} was changed by someone else; reload and try again.").format(
                    name=stored.display_name
                ),
                current=stored,
            )
        return stored

    def _keep_an_admin(self, leaving_id: int | None) -> None:
        others = self._pdb.conn.execute(
            "SELECT roles FROM users WHERE active = 1 AND id != ?", (leaving_id,)
        ).fetchall()
        if not any(Role.ADMIN.value in str(r[0]).split(",") for r in others):
            raise BadInputError(_("The ward needs at least one active ward administrator."))
