/**
 * Provisioning from the control plane (issue 5, docs/provisioning.md, docs/design/provisioning-contract.md): each
 * environment's provisioning settings (the seed's DOMAIN_NAME, SSL_EMAIL, GITHUB_ACTIONS_SSH_KEY, GIT_REPO_URL,
 * GIT_BRANCH, DJANGO_ADMIN_*, AWS_REGION, and references to {@code secret} credentials for DB_PASSWORD and
 * DJANGO_ADMIN_PASSWORD), launching {@code provision.yml} on one server with chosen tags, and what each tag last
 * changed there (the {@code tag-recap} events of the last provision run).
 */
package io.opsdeck.provisioning;
