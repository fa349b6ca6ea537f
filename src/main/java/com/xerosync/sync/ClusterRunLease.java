package com.xerosync.sync;

import com.xerosync.store.ApiLeases;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an API at a time across a cluster, as a fact of the database ({@code xero_sync.api_leases}, V21): before
 * Quartz runs an API's job on this node, the node claims the job; a firing that finds it claimed by a live node is
 * vetoed (skipped), and the claim is freed when the run ends. Quartz's stateful jobs already keep an API's own trigger
 * from overlapping itself, but not a second trigger of the same job (a "run now" after connecting) fired on another
 * node while the first runs. A node is live while it checks in with Quartz; a claim of a node found dead passes to
 * the next node that fires the job, and a claim a node left behind (restarted, or could not free it) to its next firing
 * of that job.
 */
public final class ClusterRunLease extends TriggerListenerSupport implements JobListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRunLease.class);
    /** Quartz's own grace after a missed check-in before it takes a node for dead. */
    private static final long GRACE_MILLIS = 7_500;

    private final ApiLeases leases;
    private final String node;
    /** This process's claims, by job. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    public ClusterRunLease(ApiLeases leases, String node) {
        this.leases = leases;
        this.node = node;
    }

    @Override
    public String getName() {
        return "xero-sync-cluster-run-lease";
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        String job = trigger.getJobKey().toString();
        String holder = node + "/" + UUID.randomUUID();
        try {
            // a claim of this node that this process does not hold is left from before (a restart, a failed free)
            if (leases.claim(job, node, holder, !held.containsKey(job), GRACE_MILLIS)) {
                held.put(job, holder);
                return false;
            }
            LOG.info("{} is running on another node: this firing on {} is skipped", job, node);
            return true;
        } catch (SQLException e) {
            // without the database no run could record anything anyway; the next firing tries again
            LOG.warn("Could not claim {} for {} ({}): this firing is skipped", job, node, e.getMessage());
            return true;
        }
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
        String job = context.getJobDetail().getKey().toString();
        String holder = held.remove(job);
        if (holder == null) {
            return;
        }
        try {
            leases.free(job, holder);
        } catch (SQLException e) {
            // the claim stays until this node fires the job again (it knows the claim is not in use) or is found dead
            LOG.warn("Could not free the claim on {} ({}); the next firing of it on this node takes it over", job,
                    e.getMessage());
        }
    }
}
