-- Running several xero-sync instances against this database (cluster.enabled, see README "Running a cluster").

-- Quartz's clustered JDBC job store: the nodes share the schedules through these tables, so each API's run is started
-- by exactly one node and a dead node's schedules are taken over by the others. Quartz's own DDL for PostgreSQL
-- (org/quartz/impl/jdbcjobstore/tables_postgres.sql in quartz 2.5.2), in schema quartz (tablePrefix quartz.qrtz_).
CREATE SCHEMA IF NOT EXISTS quartz;

CREATE TABLE quartz.qrtz_job_details
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  JOB_NAME          VARCHAR(200) NOT NULL,
  JOB_GROUP         VARCHAR(200) NOT NULL,
  DESCRIPTION       VARCHAR(250) NULL,
  JOB_CLASS_NAME    VARCHAR(250) NOT NULL,
  IS_DURABLE        BOOL         NOT NULL,
  IS_NONCONCURRENT  BOOL         NOT NULL,
  IS_UPDATE_DATA    BOOL         NOT NULL,
  REQUESTS_RECOVERY BOOL         NOT NULL,
  JOB_DATA          BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE quartz.qrtz_triggers
(
  SCHED_NAME     VARCHAR(120) NOT NULL,
  TRIGGER_NAME   VARCHAR(200) NOT NULL,
  TRIGGER_GROUP  VARCHAR(200) NOT NULL,
  JOB_NAME       VARCHAR(200) NOT NULL,
  JOB_GROUP      VARCHAR(200) NOT NULL,
  DESCRIPTION    VARCHAR(250) NULL,
  NEXT_FIRE_TIME BIGINT       NULL,
  PREV_FIRE_TIME BIGINT       NULL,
  PRIORITY       INTEGER      NULL,
  TRIGGER_STATE  VARCHAR(16)  NOT NULL,
  TRIGGER_TYPE   VARCHAR(8)   NOT NULL,
  START_TIME     BIGINT       NOT NULL,
  END_TIME       BIGINT       NULL,
  CALENDAR_NAME  VARCHAR(200) NULL,
  MISFIRE_INSTR  SMALLINT     NULL,
  JOB_DATA       BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
  REFERENCES quartz.qrtz_job_details (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE quartz.qrtz_simple_triggers
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  REPEAT_COUNT    BIGINT       NOT NULL,
  REPEAT_INTERVAL BIGINT       NOT NULL,
  TIMES_TRIGGERED BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES quartz.qrtz_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE quartz.qrtz_cron_triggers
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  CRON_EXPRESSION VARCHAR(120) NOT NULL,
  TIME_ZONE_ID    VARCHAR(80),
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES quartz.qrtz_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE quartz.qrtz_simprop_triggers
(
  SCHED_NAME    VARCHAR(120)   NOT NULL,
  TRIGGER_NAME  VARCHAR(200)   NOT NULL,
  TRIGGER_GROUP VARCHAR(200)   NOT NULL,
  STR_PROP_1    VARCHAR(512)   NULL,
  STR_PROP_2    VARCHAR(512)   NULL,
  STR_PROP_3    VARCHAR(512)   NULL,
  INT_PROP_1    INT            NULL,
  INT_PROP_2    INT            NULL,
  LONG_PROP_1   BIGINT         NULL,
  LONG_PROP_2   BIGINT         NULL,
  DEC_PROP_1    NUMERIC(13, 4) NULL,
  DEC_PROP_2    NUMERIC(13, 4) NULL,
  BOOL_PROP_1   BOOL           NULL,
  BOOL_PROP_2   BOOL           NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES quartz.qrtz_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE quartz.qrtz_blob_triggers
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_NAME  VARCHAR(200) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  BLOB_DATA     BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES quartz.qrtz_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE quartz.qrtz_calendars
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  CALENDAR_NAME VARCHAR(200) NOT NULL,
  CALENDAR      BYTEA        NOT NULL,
  PRIMARY KEY (SCHED_NAME, CALENDAR_NAME)
);


CREATE TABLE quartz.qrtz_paused_trigger_grps
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP)
);

CREATE TABLE quartz.qrtz_fired_triggers
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  ENTRY_ID          VARCHAR(95)  NOT NULL,
  TRIGGER_NAME      VARCHAR(200) NOT NULL,
  TRIGGER_GROUP     VARCHAR(200) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  FIRED_TIME        BIGINT       NOT NULL,
  SCHED_TIME        BIGINT       NOT NULL,
  PRIORITY          INTEGER      NOT NULL,
  STATE             VARCHAR(16)  NOT NULL,
  JOB_NAME          VARCHAR(200) NULL,
  JOB_GROUP         VARCHAR(200) NULL,
  IS_NONCONCURRENT  BOOL         NULL,
  REQUESTS_RECOVERY BOOL         NULL,
  PRIMARY KEY (SCHED_NAME, ENTRY_ID)
);

CREATE TABLE quartz.qrtz_scheduler_state
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  LAST_CHECKIN_TIME BIGINT       NOT NULL,
  CHECKIN_INTERVAL  BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, INSTANCE_NAME)
);

CREATE TABLE quartz.qrtz_locks
(
  SCHED_NAME VARCHAR(120) NOT NULL,
  LOCK_NAME  VARCHAR(40)  NOT NULL,
  PRIMARY KEY (SCHED_NAME, LOCK_NAME)
);

CREATE INDEX idx_qrtz_j_req_recovery
  ON quartz.qrtz_job_details (SCHED_NAME, REQUESTS_RECOVERY);
CREATE INDEX idx_qrtz_j_grp
  ON quartz.qrtz_job_details (SCHED_NAME, JOB_GROUP);

CREATE INDEX idx_qrtz_t_j
  ON quartz.qrtz_triggers (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_t_jg
  ON quartz.qrtz_triggers (SCHED_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_t_c
  ON quartz.qrtz_triggers (SCHED_NAME, CALENDAR_NAME);
CREATE INDEX idx_qrtz_t_g
  ON quartz.qrtz_triggers (SCHED_NAME, TRIGGER_GROUP);
CREATE INDEX idx_qrtz_t_state
  ON quartz.qrtz_triggers (SCHED_NAME, TRIGGER_STATE);
CREATE INDEX idx_qrtz_t_n_state
  ON quartz.qrtz_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX idx_qrtz_t_n_g_state
  ON quartz.qrtz_triggers (SCHED_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX idx_qrtz_t_next_fire_time
  ON quartz.qrtz_triggers (SCHED_NAME, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_t_nft_st
  ON quartz.qrtz_triggers (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_t_nft_misfire
  ON quartz.qrtz_triggers (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_t_nft_st_misfire
  ON quartz.qrtz_triggers (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_STATE);
CREATE INDEX idx_qrtz_t_nft_st_misfire_grp
  ON quartz.qrtz_triggers (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_GROUP, TRIGGER_STATE);

CREATE INDEX idx_qrtz_ft_trig_inst_name
  ON quartz.qrtz_fired_triggers (SCHED_NAME, INSTANCE_NAME);
CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry
  ON quartz.qrtz_fired_triggers (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
CREATE INDEX idx_qrtz_ft_j_g
  ON quartz.qrtz_fired_triggers (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_ft_jg
  ON quartz.qrtz_fired_triggers (SCHED_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_ft_t_g
  ON quartz.qrtz_fired_triggers (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
CREATE INDEX idx_qrtz_ft_tg
  ON quartz.qrtz_fired_triggers (SCHED_NAME, TRIGGER_GROUP);


-- Which node ran a run (cluster.node-name; empty for a single instance before this version).
ALTER TABLE xero_sync.sync_run ADD COLUMN node text;

-- Every call to Xero of every node, so that each organisation's limits (calls in flight, a minute, a day) hold across
-- the cluster: a node reserves a call here before making it (xero_sync.reserve_call) and marks it finished after.
-- Rows older than a day are pruned by the nodes.
CREATE TABLE xero_sync.call_ledger (
    call_id      bigserial PRIMARY KEY,
    tenant_id    text NOT NULL,
    node         text NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz
);
CREATE INDEX call_ledger_tenant_started_idx ON xero_sync.call_ledger (tenant_id, started_at);
CREATE INDEX call_ledger_started_idx ON xero_sync.call_ledger (started_at);

-- Reserves one call for an organisation if every limit allows it now, atomically across nodes (a transaction lock per
-- organisation): reserved_call is the new ledger row. Otherwise reserved_call is NULL, limited_by names the limit and
-- wait_ms says when to ask again. A call counts as in flight until finished, or until p_in_flight_timeout has passed
-- (its node died during it).
-- The minute counts every call that may reach Xero inside the window: one is reserved before it is sent and reaches
-- Xero before it is finished, so a call finished within the last minute, or not yet, counts. Then no window of that
-- length, wherever Xero's start, receives more than p_per_minute calls, however late a call was sent after its
-- reservation (a busy machine, a token refresh in between). The day, where such delays do not matter, counts starts.
CREATE FUNCTION xero_sync.reserve_call(p_tenant text, p_node text, p_concurrent integer, p_per_minute integer,
                                       p_per_day integer, p_minute interval, p_day interval,
                                       p_in_flight_timeout interval,
                                       OUT reserved_call bigint, OUT wait_ms bigint, OUT limited_by text)
LANGUAGE plpgsql AS $$
DECLARE
    v_now   timestamptz;
    v_edge  timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('xero-sync calls of ' || p_tenant));
    v_now := clock_timestamp();
    IF (SELECT count(*) FROM xero_sync.call_ledger l
        WHERE l.tenant_id = p_tenant AND l.finished_at IS NULL AND l.started_at > v_now - p_in_flight_timeout)
            >= p_concurrent THEN
        wait_ms := 50;
        limited_by := 'concurrent';
        RETURN;
    END IF;
    -- the p_per_minute-th latest call still counting: the next may start a minute after it finished
    SELECT coalesce(l.finished_at, 'infinity') INTO v_edge FROM xero_sync.call_ledger l
    WHERE l.tenant_id = p_tenant AND l.started_at > v_now - p_minute - p_in_flight_timeout
      AND (l.finished_at > v_now - p_minute OR (l.finished_at IS NULL AND l.started_at > v_now - p_in_flight_timeout))
    ORDER BY coalesce(l.finished_at, 'infinity') DESC OFFSET p_per_minute - 1 LIMIT 1;
    IF FOUND THEN
        wait_ms := CASE WHEN v_edge = 'infinity' THEN 50
                        ELSE greatest(1, ceil(extract(epoch FROM v_edge + p_minute - v_now) * 1000)) END;
        limited_by := 'minute';
        RETURN;
    END IF;
    SELECT l.started_at INTO v_edge FROM xero_sync.call_ledger l
    WHERE l.tenant_id = p_tenant AND l.started_at > v_now - p_day
    ORDER BY l.started_at DESC OFFSET p_per_day - 1 LIMIT 1;
    IF FOUND THEN
        wait_ms := greatest(1, ceil(extract(epoch FROM v_edge + p_day - v_now) * 1000));
        limited_by := 'day';
        RETURN;
    END IF;
    INSERT INTO xero_sync.call_ledger (tenant_id, node, started_at) VALUES (p_tenant, p_node, v_now)
    RETURNING call_id INTO reserved_call;
    wait_ms := 0;
END
$$;

-- Which node runs each API now, in a cluster: a node claims an API's Quartz job here before running it and frees it
-- after, and a firing that finds the API claimed by a live node is skipped. Quartz alone lets a second trigger of the
-- same job (a "run now" beside the schedule) run on another node at once; this makes one run at a time a fact of the
-- database. A node counts as live while it checks in with Quartz (quartz.qrtz_scheduler_state).
CREATE TABLE xero_sync.api_leases (
    job          text PRIMARY KEY,
    node         text NOT NULL,
    holder       text NOT NULL,
    acquired_at  timestamptz NOT NULL DEFAULT now()
);
