package io.opsdeck.audit.internal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;

/**
 * Spring Boot's authentication event publisher, except that a failure of a kind Spring Security has no event for (a
 * provider's own exception, e.g. a sign-in throttle's) is still published, as a bad-credentials failure: the audit
 * log then records it ({@link AuthenticationAudit} names the exception class). The identity module's filter chains
 * hand this publisher to their authentication managers.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationEventsConfiguration {

	@Bean
	AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
		DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
		publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
		return publisher;
	}

}
