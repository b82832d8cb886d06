/** The journalctl command and the service that starts it as an SSH run. */
package io.opsdeck.logs.internal;
