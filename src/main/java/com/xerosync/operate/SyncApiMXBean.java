package com.xerosync.operate;

import java.util.Date;

/**
 * One sync API, read-only, as {@code xero_sync} records it (summed over its organisations): registered as
 * {@code com.xerosync:type=SyncApi,name=<route id>} while the service runs, readable through JMX and Jolokia. No
 * operation, no writable attribute, and nothing from {@code xero_sync.connections} but its status.
 */
public interface SyncApiMXBean {

    /** The route id, e.g. xero-invoices. */
    String getRoute();

    /** The API as {@code sync_run.api} names it, e.g. invoices. */
    String getApi();

    /** When the last successful run (of any organisation) finished; null when none did. */
    Date getLastSuccess();

    /** When the last failure (of any organisation) was recorded in {@code sync_failure}; null when none was. */
    Date getLastFailure();

    /** The message of that failure; null when none. */
    String getLastError();

    /** Records synced: the sum of {@code sync_run.records}. */
    long getRecords();

    /** Calls made to Xero: the sum of {@code sync_run.api_calls}. */
    long getApiCalls();

    /** Finished runs (success, failed, skipped, throttled) in {@code sync_run}. */
    long getRuns();

    /** Failures the error channel recorded in {@code sync_failure}. */
    long getFailures();

    /** Failed runs since the last successful one, for the organisation with the most. */
    int getConsecutiveFailures();

    /** The organisations with runs or failures of this API, by name. */
    String[] getOrganisations();
}
