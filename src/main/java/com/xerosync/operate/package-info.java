/**
 * What operators see of the sync, all from the same snapshot of {@code xero_sync} (the database is the source of
 * truth): {@code xero_sync_*} Prometheus metrics at {@code /observe/metrics}, one read-only MBean per sync route
 * ({@code com.xerosync:type=SyncApi,name=<route id>}) and one readiness check per sync route ({@code sync:<route id>})
 * at {@code /observe/health}. {@link com.xerosync.operate.Operations#install} wires them into a started Camel context.
 */
package com.xerosync.operate;
