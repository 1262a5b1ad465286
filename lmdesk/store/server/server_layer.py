"""What only the ward server has: group roles, grants and checks that mirror the rights table.

Generated from ``models.users.rights`` (one source): ``lmdesk_may(action)`` answers for the
connected person (``session_user``) exactly as ``rights.allowed`` does, and the triggers on
courses and sessions ask it, so a hand-made SQL statement meets the same rights as the app.
Audit and archived sheets refuse UPDATE, DELETE and TRUNCATE; every audit row notifies the
other workstations (``LISTEN lmdesk_changes``). Re-applied, idempotently, after each upgrade.
"""

from __future__ import annotations

from lmdesk.models.users.rights import RIGHTS, Action, Requirement
from lmdesk.models.users.roles import Role
from lmdesk.store.server.ddl import REFUSED_STATE

CHANNEL = "lmdesk_changes"
STAFF = "lmdesk_staff"
GROUP_OF: dict[Role, str] = {
    Role.PRESCRIBER: "lmdesk_prescriber",
    Role.PHARMACIST: "lmdesk_pharmacist",
    Role.NURSE: "lmdesk_nurse",
    Role.ADMIN: "lmdesk_admin",
}
GROUPS: tuple[str, ...] = (STAFF, *GROUP_OF.values())

#: Tables each group may write (beyond SELECT on everything, which all staff have).
_RECORD_TABLES = (
    "patients",
    "lab_results",
    "medications",
    "adverse_events",
    "assessments",
    "sheet_archive",
)
_CLINICIANS = (Role.PRESCRIBER, Role.PHARMACIST, Role.NURSE)

SERVER_TABLES = """
CREATE TABLE IF NOT EXISTS lmdesk_schema (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ward_secret (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    audit_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ward_reference (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);
"""


def _condition(requirement: Requirement) -> str:
    has_role = f"'{requirement.role.value}' = ANY (string_to_array(u.roles, ','))"
    if not requirement.registered:
        return has_role
    return (
        f"({has_role} AND u.register_until IS NOT NULL"
        " AND u.register_until >= to_char(current_date, 'YYYY-MM-DD'))"
    )


def may_function() -> str:
    """``lmdesk_may(action)``: the rights table, for the person this connection is."""
    cases = []
    for action, right in RIGHTS.items():
        either = " OR ".join(_condition(r) for r in right.any_of)
        cases.append(f"(wanted = '{action.value}' AND ({either}))")
    body = "\n        OR ".join(cases)
    return f"""
CREATE OR REPLACE FUNCTION lmdesk_may(wanted TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM users u WHERE u.login = session_user AND u.active = 1 AND (
        {body}
    ))
$$;
CREATE OR REPLACE FUNCTION lmdesk_require(wanted TEXT) RETURNS VOID
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT lmdesk_may(wanted) THEN
        RAISE EXCEPTION '% may not %', session_user, replace(wanted, '_', ' ')
            USING ERRCODE = '{REFUSED_STATE}',
                  HINT = 'lmdesk:may_not:' || wanted || ':' || session_user;
    END IF;
END $$;
"""


_COURSE_GUARD = f"""
CREATE OR REPLACE FUNCTION lmdesk_course_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    o JSONB; n JSONB; os JSONB; ns JSONB; i INTEGER;
BEGIN
    IF session_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'courses'
                       AND schemaname = 'public') THEN
        RETURN NEW;  -- the ward database's owner (setting up, moving a ward in)
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM lmdesk_require('{Action.PLAN_COURSE.value}');
        RETURN NEW;
    END IF;
    o := OLD.body::jsonb; n := NEW.body::jsonb;
    IF (o -> 'verification') IS DISTINCT FROM (n -> 'verification') THEN
        PERFORM lmdesk_require('{Action.VERIFY.value}');
    END IF;
    IF (o - 'sessions' - 'revision' - 'verification') IS DISTINCT FROM
       (n - 'sessions' - 'revision' - 'verification')
       OR OLD.patient_id IS DISTINCT FROM NEW.patient_id
       OR OLD.protocol_id IS DISTINCT FROM NEW.protocol_id
       OR OLD.drug IS DISTINCT FROM NEW.drug OR OLD.route IS DISTINCT FROM NEW.route
       OR OLD.status IS DISTINCT FROM NEW.status
       OR jsonb_array_length(o -> 'sessions') <> jsonb_array_length(n -> 'sessions') THEN
        PERFORM lmdesk_require('{Action.CHANGE_COURSE.value}');
        RETURN NEW;
    END IF;
    FOR i IN 0 .. jsonb_array_length(n -> 'sessions') - 1 LOOP
        os := o -> 'sessions' -> i; ns := n -> 'sessions' -> i;
        CONTINUE WHEN os = ns;
        IF ns ->> 'status' = 'given' AND (os ->> 'status') IS DISTINCT FROM 'given'
           AND (os - 'status' - 'given') = (ns - 'status' - 'given') THEN
            PERFORM lmdesk_require('{Action.GIVE.value}');
            IF jsonb_typeof(ns -> 'given' -> 'override') = 'object' THEN
                PERFORM lmdesk_require('{Action.OVERRIDE_GATE.value}');
            END IF;
        ELSIF jsonb_array_length(COALESCE(ns -> 'corrections', '[]'::jsonb))
              > jsonb_array_length(COALESCE(os -> 'corrections', '[]'::jsonb))
              AND (os - 'status' - 'given' - 'corrections' - 'held_at' - 'reason')
                  = (ns - 'status' - 'given' - 'corrections' - 'held_at' - 'reason') THEN
            -- a reasoned correction of the last mark (models.scheduling.mark_correction):
            -- by who may give (the model also requires the same person) or change a course
            IF NOT (lmdesk_may('{Action.GIVE.value}')
                    OR lmdesk_may('{Action.CHANGE_COURSE.value}')) THEN
                PERFORM lmdesk_require('{Action.CHANGE_COURSE.value}');
            END IF;
        ELSE
            PERFORM lmdesk_require('{Action.CHANGE_COURSE.value}');
        END IF;
    END LOOP;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS lmdesk_course_guard ON courses;
CREATE TRIGGER lmdesk_course_guard BEFORE INSERT OR UPDATE ON courses
    FOR EACH ROW EXECUTE FUNCTION lmdesk_course_guard();

CREATE OR REPLACE FUNCTION lmdesk_session_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    row_course BIGINT; written BIGINT; s JSONB;
BEGIN
    IF session_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'courses'
                       AND schemaname = 'public') THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    row_course := CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
    -- The course row must have been written by this transaction (or one of its savepoints):
    -- a row visible here whose writer is still in progress can only be our own.
    SELECT ((txid_current() >> 32) << 32) + xmin::text::bigint INTO written
        FROM courses WHERE id = row_course;
    IF written IS NULL OR txid_status(written) IS DISTINCT FROM 'in progress' THEN
        RAISE EXCEPTION 'sessions change only with their course (course %)', row_course
            USING ERRCODE = '{REFUSED_STATE}', HINT = 'lmdesk:session_alone:' || row_course;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT e INTO s FROM courses c, jsonb_array_elements(c.body::jsonb -> 'sessions') e
            WHERE c.id = NEW.course_id AND (e ->> 'n')::bigint = NEW.n;
        IF s IS NULL OR s ->> 'date' <> NEW.date OR s ->> 'status' <> NEW.status
           OR s ->> 'drug' <> NEW.drug OR (s ->> 'dose_mg')::double precision <> NEW.dose_mg
           OR s ->> 'route' <> NEW.route THEN
            RAISE EXCEPTION 'session % of course % differs from its course', NEW.n, NEW.course_id
                USING ERRCODE = '{REFUSED_STATE}',
                      HINT = 'lmdesk:session_differs:' || NEW.course_id;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$;
DROP TRIGGER IF EXISTS lmdesk_session_guard ON course_sessions;
CREATE TRIGGER lmdesk_session_guard BEFORE INSERT OR UPDATE OR DELETE ON course_sessions
    FOR EACH ROW EXECUTE FUNCTION lmdesk_session_guard();

CREATE OR REPLACE FUNCTION lmdesk_keep_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is kept as written', TG_TABLE_NAME
        USING ERRCODE = '{REFUSED_STATE}', HINT = 'lmdesk:kept:' || TG_TABLE_NAME;
END $$;
DROP TRIGGER IF EXISTS audit_no_truncate ON audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION lmdesk_keep_refuse();
DROP TRIGGER IF EXISTS sheet_archive_no_truncate ON sheet_archive;
CREATE TRIGGER sheet_archive_no_truncate BEFORE TRUNCATE ON sheet_archive
    FOR EACH STATEMENT EXECUTE FUNCTION lmdesk_keep_refuse();

CREATE OR REPLACE FUNCTION lmdesk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', json_build_object(
        'audit_id', NEW.id, 'entity', NEW.entity, 'entity_id', NEW.entity_id,
        'action', NEW.action, 'user', NEW."user", 'at', NEW.at)::text);
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS lmdesk_notify_change ON audit;
CREATE TRIGGER lmdesk_notify_change AFTER INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION lmdesk_notify_change();
"""


def group_roles_sql() -> list[str]:
    """Create the group roles if missing (roles are the cluster's, not one database's)."""
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{g}') THEN"
        f" CREATE ROLE {g} NOLOGIN; END IF; END $$;"
        for g in GROUPS
    ]


def grants_sql(tables: list[str]) -> list[str]:
    """Grants that mirror the rights table (the triggers refine courses and sessions)."""
    out = [
        f"REVOKE ALL ON {', '.join(tables)} FROM PUBLIC",
        f"GRANT SELECT ON {', '.join(tables)} TO {STAFF}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {STAFF}",
        f"GRANT INSERT ON audit TO {STAFF}",
        f"GRANT INSERT, UPDATE ON ward_reference TO {STAFF}",
        f"GRANT EXECUTE ON FUNCTION lmdesk_may(TEXT), lmdesk_require(TEXT) TO {STAFF}",
    ]
    clinicians = ", ".join(GROUP_OF[r] for r in _CLINICIANS)
    out.append(f"GRANT INSERT, UPDATE ON {', '.join(_RECORD_TABLES)} TO {clinicians}")
    out.append(f"GRANT INSERT, UPDATE ON courses TO {clinicians}")
    out.append(f"GRANT INSERT, UPDATE, DELETE ON course_sessions TO {clinicians}")
    out.append(f"GRANT INSERT, UPDATE ON custom_protocols, holidays TO {GROUP_OF[Role.PRESCRIBER]}")
    admin = GROUP_OF[Role.ADMIN]
    out.append(f"GRANT INSERT, UPDATE ON users, ward_settings, ward_policy, db_meta TO {admin}")
    out.append(f"GRANT INSERT, UPDATE ON holidays TO {admin}")
    # No role reads another's password hash (the server keeps SCRAM verifiers; the column
    # stays empty on a ward database, but the grant holds even if a hash were there).
    out.append(f"REVOKE SELECT ON users FROM {STAFF}")
    columns = (
        "id, login, name_en, name_zh, staff_no, roles, register_until, active,"
        " failed_attempts, locked_until, created_at, updated_at, row_version"
    )
    out.append(f"GRANT SELECT ({columns}) ON users TO {STAFF}")
    out.append(f"GRANT SELECT ON users TO {admin}")  # backups (pg_dump) are an admin's work
    out.append(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {admin}")
    out.append("REVOKE ALL ON ward_secret FROM PUBLIC")
    out.append(f"GRANT SELECT ON ward_secret TO {STAFF}")
    return out


def server_layer_sql(tables: list[str]) -> list[str]:
    """Everything above, in order, for one transaction."""
    return [may_function(), _COURSE_GUARD, *grants_sql(tables)]
