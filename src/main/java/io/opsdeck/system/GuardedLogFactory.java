package io.opsdeck.system;

import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Commons Logging (Spring's own logging API since Spring Framework 7) on SLF4J, like the
 * {@code Slf4jLogFactory} it replaces, except that a message is rendered only when its level is enabled. The
 * original renders every message with {@code String.valueOf} before SLF4J drops it, so Spring's lazy
 * {@code LogMessage}s (Spring Security's "Authorizing method invocation …", the role hierarchy's "Returning
 * reachable authorities …") were formatted on every request at any log level: about 5 % of the CPU of an API request
 * (issue 8; spring-projects/spring-framework#37266). Chosen by Commons Logging's service loader
 * ({@code META-INF/services/org.apache.commons.logging.LogFactory}).
 */
public final class GuardedLogFactory extends LogFactory {

	private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

	@Override
	public Log getInstance(Class<?> type) {
		return getInstance(type.getName());
	}

	@Override
	public Log getInstance(String name) {
		return logs.computeIfAbsent(name, key -> new GuardedLog(LoggerFactory.getLogger(key)));
	}

	@Override
	public Object getAttribute(String name) {
		return attributes.get(name);
	}

	@Override
	public String[] getAttributeNames() {
		return attributes.keySet().toArray(new String[0]);
	}

	@Override
	public void release() {
		logs.clear();
	}

	@Override
	public void removeAttribute(String name) {
		attributes.remove(name);
	}

	@Override
	public void setAttribute(String name, Object value) {
		if (value == null) {
			attributes.remove(name);
		}
		else {
			attributes.put(name, value);
		}
	}

	/** A Commons Logging {@link Log} that checks the level before it renders the message. */
	static final class GuardedLog implements Log, Serializable {

		private static final long serialVersionUID = 1L;

		/** Whose frames the logging backend skips when it looks for the caller. */
		private static final String FQCN = GuardedLog.class.getName();

		/** The marker Commons Logging's own SLF4J bridge puts on its events. */
		private static final Marker MARKER = MarkerFactory.getMarker("COMMONS-LOGGING");

		private final transient Logger logger;

		GuardedLog(Logger logger) {
			this.logger = logger;
		}

		@Override
		public boolean isTraceEnabled() {
			return logger.isTraceEnabled();
		}

		@Override
		public boolean isDebugEnabled() {
			return logger.isDebugEnabled();
		}

		@Override
		public boolean isInfoEnabled() {
			return logger.isInfoEnabled();
		}

		@Override
		public boolean isWarnEnabled() {
			return logger.isWarnEnabled();
		}

		@Override
		public boolean isErrorEnabled() {
			return logger.isErrorEnabled();
		}

		@Override
		public boolean isFatalEnabled() {
			return logger.isErrorEnabled();
		}

		@Override
		public void trace(Object message) {
			trace(message, null);
		}

		@Override
		public void trace(Object message, Throwable t) {
			if (logger.isTraceEnabled()) {
				log(LocationAwareLogger.TRACE_INT, message, t);
			}
		}

		@Override
		public void debug(Object message) {
			debug(message, null);
		}

		@Override
		public void debug(Object message, Throwable t) {
			if (logger.isDebugEnabled()) {
				log(LocationAwareLogger.DEBUG_INT, message, t);
			}
		}

		@Override
		public void info(Object message) {
			info(message, null);
		}

		@Override
		public void info(Object message, Throwable t) {
			if (logger.isInfoEnabled()) {
				log(LocationAwareLogger.INFO_INT, message, t);
			}
		}

		@Override
		public void warn(Object message) {
			warn(message, null);
		}

		@Override
		public void warn(Object message, Throwable t) {
			if (logger.isWarnEnabled()) {
				log(LocationAwareLogger.WARN_INT, message, t);
			}
		}

		@Override
		public void error(Object message) {
			error(message, null);
		}

		@Override
		public void error(Object message, Throwable t) {
			if (logger.isErrorEnabled()) {
				log(LocationAwareLogger.ERROR_INT, message, t);
			}
		}

		@Override
		public void fatal(Object message) {
			error(message, null);
		}

		@Override
		public void fatal(Object message, Throwable t) {
			error(message, t);
		}

		private void log(int level, Object message, Throwable t) {
			String text = String.valueOf(message);
			if (logger instanceof LocationAwareLogger located) {
				located.log(MARKER, FQCN, level, text, null, t);
				return;
			}
			switch (level) {
				case LocationAwareLogger.TRACE_INT -> logger.trace(text, t);
				case LocationAwareLogger.DEBUG_INT -> logger.debug(text, t);
				case LocationAwareLogger.INFO_INT -> logger.info(text, t);
				case LocationAwareLogger.WARN_INT -> logger.warn(text, t);
				default -> logger.error(text, t);
			}
		}

	}

}
