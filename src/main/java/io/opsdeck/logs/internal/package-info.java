/** Log queries, the journalctl commands, reads over SSH and the journal clean-ups. */
package io.opsdeck.logs.internal;
