/**
 * Disaster-recovery drills (seed: Disaster Recovery): restore an environment from a backup in object storage on a
 * real server, time every step against the RTO target (30 minutes by default), check the restored data against the
 * backup's manifest, and keep a report. A drill is an exclusive Ansible run of {@code disaster-recovery.yml}; this
 * module prepares it, reads its step events, and judges it.
 */
package io.opsdeck.drills;
