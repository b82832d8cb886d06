package io.opsdeck.notifications.internal;

import io.opsdeck.credentials.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@code notification_channels.secret}, a webhook channel's HMAC secret (ChannelService), as sealed with the
 * master key, so that a master-key rotation re-encrypts it (docs/inventory-and-credentials.md, "Rotating the master
 * key").
 */
@Configuration(proxyBeanMethods = false)
class ChannelSecretColumn {

	@Bean
	SealedColumn notificationChannelsSealedColumn() {
		return new SealedColumn("notification_channels", "id", "secret", "notification-channel:", "id");
	}

}
