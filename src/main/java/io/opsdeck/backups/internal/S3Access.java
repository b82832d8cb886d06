package io.opsdeck.backups.internal;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.stereotype.Component;

/**
 * Builds an S3 client or presigner for one environment's settings: static credentials, the region, the endpoint
 * override (Spaces and S3-compatible services), the path-style switch, the JDK's URL connection HTTP client with
 * connect and read timeouts, a limit per call and few retries, so that a dead endpoint fails in seconds. Checksums
 * are computed and validated only where the S3 API requires them: many S3-compatible services do not support the
 * SDK's default CRC32 trailers, and {@code DeleteObjects} sends {@code Content-MD5} ({@link LegacyMd5Plugin}).
 * Callers close what they get; nothing is cached, so changed settings apply at once.
 */
@Component
public class S3Access {

	private final BackupsProperties properties;

	S3Access(BackupsProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param settings the environment's storage
	 * @return a new client; the caller closes it
	 */
	public S3Client client(StorageSettings settings) {
		S3ClientBuilder builder = S3Client.builder()
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.connectionTimeout(properties.connectTimeout())
				.socketTimeout(properties.readTimeout()))
			.region(Region.of(settings.region()))
			.credentialsProvider(credentials(settings))
			.forcePathStyle(settings.pathStyle())
			// Content-MD5 where the API requires a checksum (DeleteObjects): since SDK 2.30 the default is a CRC32
			// header that S3-compatible services (s3proxy, older MinIO, Ceph) refuse; AWS accepts both
			.addPlugin(LegacyMd5Plugin.create())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.overrideConfiguration(o -> o.apiCallTimeout(properties.callTimeout())
				.retryStrategy(b -> b.maxAttempts(Math.max(1, properties.maxAttempts()))));
		URI endpoint = settings.effectiveEndpoint();
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	/**
	 * @param settings the environment's storage
	 * @return a new presigner (signs locally, makes no request); the caller closes it
	 */
	public S3Presigner presigner(StorageSettings settings) {
		S3Presigner.Builder builder = S3Presigner.builder()
			.region(Region.of(settings.region()))
			.credentialsProvider(credentials(settings))
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
		URI endpoint = settings.effectiveEndpoint();
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	private static StaticCredentialsProvider credentials(StorageSettings settings) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
				settings.secretAccessKey()));
	}

}
