-- The app's limit (10,000 calls a minute across all its organisations) kept across the nodes of a cluster, as each
-- organisation's limits are (V21): reserve_call with p_app_per_minute also counts the calls every node started in the
-- last minute, for all organisations, under one lock for the app (taken after the organisation's, in every node, so
-- no two reservations wait for each other). The version without it stays for nodes not yet upgraded.
CREATE FUNCTION xero_sync.reserve_call(p_tenant text, p_node text, p_concurrent integer, p_per_minute integer,
                                       p_per_day integer, p_app_per_minute integer, p_minute interval, p_day interval,
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
    -- the app's minute, over every organisation: the p_app_per_minute-th latest start in the window
    PERFORM pg_advisory_xact_lock(hashtext('xero-sync calls of the app'));
    v_now := clock_timestamp();
    SELECT l.started_at INTO v_edge FROM xero_sync.call_ledger l
    WHERE l.started_at > v_now - p_minute
    ORDER BY l.started_at DESC OFFSET p_app_per_minute - 1 LIMIT 1;
    IF FOUND THEN
        wait_ms := greatest(1, ceil(extract(epoch FROM v_edge + p_minute - v_now) * 1000));
        limited_by := 'app minute';
        RETURN;
    END IF;
    INSERT INTO xero_sync.call_ledger (tenant_id, node, started_at) VALUES (p_tenant, p_node, v_now)
    RETURNING call_id INTO reserved_call;
    wait_ms := 0;
END
$$;
