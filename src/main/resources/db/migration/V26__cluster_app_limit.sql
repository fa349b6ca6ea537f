-- The app's limit (10,000 calls a minute across all its organisations) kept across the nodes of a cluster, as each
-- organisation's limits are (V21): this reserve_call, with p_app_per_minute, counts the calls every node started in
-- the last minute for all organisations, under one lock for the app, and then reserves the call through V21's
-- reserve_call (the organisation's lock and limits). Every node takes the app's lock before the organisation's, and
-- a node not yet upgraded takes only the organisation's, so no two reservations wait for each other.
CREATE FUNCTION xero_sync.reserve_call(p_tenant text, p_node text, p_concurrent integer, p_per_minute integer,
                                       p_per_day integer, p_app_per_minute integer, p_minute interval, p_day interval,
                                       p_in_flight_timeout interval,
                                       OUT reserved_call bigint, OUT wait_ms bigint, OUT limited_by text)
LANGUAGE plpgsql AS $$
DECLARE
    v_now   timestamptz;
    v_edge  timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('xero-sync calls of the app'));
    v_now := clock_timestamp();
    -- the p_app_per_minute-th latest start in the window: the next may start a minute after it
    SELECT l.started_at INTO v_edge FROM xero_sync.call_ledger l
    WHERE l.started_at > v_now - p_minute
    ORDER BY l.started_at DESC OFFSET p_app_per_minute - 1 LIMIT 1;
    IF FOUND THEN
        wait_ms := greatest(1, ceil(extract(epoch FROM v_edge + p_minute - v_now) * 1000));
        limited_by := 'app minute';
        RETURN;
    END IF;
    SELECT r.reserved_call, r.wait_ms, r.limited_by INTO reserved_call, wait_ms, limited_by
    FROM xero_sync.reserve_call(p_tenant, p_node, p_concurrent, p_per_minute, p_per_day, p_minute, p_day,
                                p_in_flight_timeout) r;
END
$$;
