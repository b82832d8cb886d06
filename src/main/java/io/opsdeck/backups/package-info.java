/**
 * Backups in object storage (AWS S3, DigitalOcean Spaces or any S3-compatible service): per-environment storage
 * settings, the backup layout {@code <prefix>/<timestamp>/{db.dump, media.tar.gz, manifest.json}}, listing and
 * verification against the manifest, presigned URLs so targets never hold cloud credentials, and "Back up now"
 * (an exclusive run of {@code backup.yml}). Uses the AWS SDK (S3); the cloud firewall module is the only other one
 * (EC2). Contract:
 * {@code docs/design/drills-contract.md}; user guide: {@code docs/backups.md}.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.backups;
