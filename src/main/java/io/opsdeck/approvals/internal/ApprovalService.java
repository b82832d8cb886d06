package io.opsdeck.approvals.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.approvals.ApprovalHandler;
import io.opsdeck.approvals.ApprovalPendingException;
import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.approvals.LaunchResult;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Approvals}: the gate and the decisions on requests (issue 7, "Access"; docs/approvals.md); each
 * environment's policy is {@link ApprovalPolicies}'s. A decision is one conditional {@code UPDATE} of a pending,
 * unexpired row, so two admins approving at once launch exactly once; the launch itself runs after that commit,
 * through the kind's {@link ApprovalHandler}, as the requester.
 */
@Service
public class ApprovalService implements Approvals {

	/** Most characters of a rejection reason. */
	static final int MAX_REASON = 500;

	/** Most requests a list returns. */
	static final int MAX_LIST = 500;

	private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);

	private final ApprovalStore store;

	private final ObjectProvider<ApprovalHandler> handlers;

	private final ApprovalsProperties properties;

	private final TransactionTemplate ownTransaction;

	ApprovalService(ApprovalStore store, ObjectProvider<ApprovalHandler> handlers, ApprovalsProperties properties,
			PlatformTransactionManager transactions) {
		this.store = store;
		this.handlers = handlers;
		this.properties = properties;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void gate(String kind, String environment, Actor actor, Map<String, Object> payload, String summary) {
		if (actor.kind() == Actor.Kind.SCHEDULE || actor.kind() == Actor.Kind.SYSTEM
				|| !approvalRequired(environment)) {
			return;
		}
		if (!actor.can(Role.OPERATOR, environment)) {
			throw new AccessDeniedException("environment '" + environment + "' requires approvals: an OPERATOR or "
					+ "ADMIN of it may request a " + kind + ", and a second ADMIN approves it");
		}
		Instant now = Instant.now();
		String person = (actor.kind() == Actor.Kind.USER) ? actor.name()
				: Actors.currentPerson().orElse(actor.display());
		Map<String, Object> stored = new LinkedHashMap<>();
		payload.forEach((key, value) -> {
			if (value != null) {
				stored.put(key, value);
			}
		});
		String line = (summary.length() <= 500) ? summary : summary.substring(0, 499) + "…";
		ApprovalRequest request = new ApprovalRequest(UUID.randomUUID(), kind, environment, line, stored,
				ApprovalStatus.PENDING, actor.display(), actor.kind(), actor.name(), person,
				actor.roleIn(environment).orElse(Role.VIEWER), now, now.plus(properties.expiry()), null, null, null,
				null, null);
		ownTransaction.executeWithoutResult(tx -> store.insert(request));
		log.info("Approval request {} by {}: {} (environment '{}') waits for a second ADMIN", request.id(),
				actor.display(), line, environment);
		throw new ApprovalPendingException(request.id(), environment, line);
	}

	@Override
	public boolean approvalRequired(String environment) {
		return store.policy(environment).map(ApprovalPolicy::approvalRequired).orElse(false);
	}

	/**
	 * @param status only this status, or {@code null}
	 * @param environment only this environment, or {@code null}
	 * @param actor who reads: sees only environments they may read (a scoped token's, in the query:
	 * {@link EnvironmentAccess#listScope(Actor, String)})
	 * @return pending first (longest waiting on top), then the rest, newest first; at most {@value #MAX_LIST}
	 * @throws org.springframework.security.access.AccessDeniedException when {@code environment} is outside a scoped
	 * token's environments
	 */
	public List<ApprovalRequest> list(@Nullable ApprovalStatus status, @Nullable String environment, Actor actor) {
		Set<String> scope = EnvironmentAccess.listScope(actor, environment);
		store.expire(Instant.now());
		return store.list(status, environment, scope, MAX_LIST)
			.stream()
			.filter(request -> actor.roleIn(request.environment()).isPresent())
			.toList();
	}

	/**
	 * @param id request id
	 * @param actor who reads
	 * @return the request
	 * @throws NotFoundException when it does not exist, or the actor may not see its environment
	 */
	public ApprovalRequest get(UUID id, Actor actor) {
		store.expire(Instant.now());
		return store.find(id)
			.filter(request -> actor.roleIn(request.environment()).isPresent())
			.orElseThrow(() -> new NotFoundException("approval", id));
	}

	/**
	 * @param request a request
	 * @param actor who looks at it
	 * @param person the person behind the actor
	 * @return whether they may approve or reject it now (for the page's buttons)
	 */
	public boolean mayDecide(ApprovalRequest request, Actor actor, @Nullable String person) {
		return request.status() == ApprovalStatus.PENDING && actor.can(Role.ADMIN, request.environment())
				&& person != null && !person.equals(request.requesterUser());
	}

	/**
	 * Approves a pending request and launches it as the requester through its kind's {@link ApprovalHandler}.
	 * @param id request id
	 * @param actor the approver: an ADMIN of the request's environment
	 * @param person the person behind the approver; must differ from the requester's
	 * @return the request afterwards: {@code APPROVED} with its run, or {@code FAILED} with the reason when the
	 * launch failed
	 * @throws NotFoundException when the request does not exist
	 * @throws AccessDeniedException when the actor is no ADMIN of the environment, or is the requester (also
	 * through one of their API tokens)
	 * @throws ConflictException when the request is no longer pending (decided, expired)
	 */
	public ApprovalRequest approve(UUID id, Actor actor, @Nullable String person) {
		ApprovalRequest request = decidable(id, actor, person, "approve");
		Instant now = Instant.now();
		if (!store.decide(id, ApprovalStatus.APPROVED, actor.display(), now, null)) {
			throw notPending(id);
		}
		log.info("Approval request {} ({}) approved by {}; launching as {}", id, request.summary(), actor.display(),
				request.requestedBy());
		try {
			ApprovalHandler handler = handler(request.kind());
			LaunchResult result = handler.launch(new ApprovedLaunch(id, request.kind(), request.environment(),
					request.payload(), request.requester(), actor));
			store.launched(id, result.runId(), result.message());
		}
		catch (RuntimeException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			log.warn("Approval request {} was approved by {} but its launch failed: {}", id, actor.display(), reason);
			store.failed(id, "the launch failed: " + reason);
		}
		return store.find(id).orElseThrow(() -> new NotFoundException("approval", id));
	}

	/**
	 * @param id request id
	 * @param actor an ADMIN of the request's environment, not the requester
	 * @param person the person behind the actor
	 * @param reason why, 1 to {@value #MAX_REASON} characters
	 * @return the request, {@code REJECTED}
	 * @throws InvalidInputException (field {@code reason}) when the reason is blank or too long
	 * @throws NotFoundException when the request does not exist
	 * @throws AccessDeniedException as for {@link #approve}
	 * @throws ConflictException when the request is no longer pending
	 */
	public ApprovalRequest reject(UUID id, Actor actor, @Nullable String person, @Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw new InvalidInputException("reason", "say why the request is rejected");
		}
		if (reason.length() > MAX_REASON) {
			throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters");
		}
		decidable(id, actor, person, "reject");
		if (!store.decide(id, ApprovalStatus.REJECTED, actor.display(), Instant.now(), reason.strip())) {
			throw notPending(id);
		}
		log.info("Approval request {} rejected by {}", id, actor.display());
		return store.find(id).orElseThrow(() -> new NotFoundException("approval", id));
	}

	/**
	 * Withdraws a pending request: only its requester may (the person, through any of their sessions or API tokens,
	 * as for the rule that the requester may not approve), and only while it is pending; it becomes
	 * {@code WITHDRAWN}, decided by the caller. What AWX calls cancelling a pending approval, Rundeck aborting a
	 * waiting execution: whoever asked may take it back.
	 * @param id request id
	 * @param actor who withdraws
	 * @param person the person behind the actor; must be the requester
	 * @return the request, {@code WITHDRAWN}
	 * @throws NotFoundException when the request does not exist, or the actor may not see its environment
	 * @throws AccessDeniedException when the caller is not the requester
	 * @throws ConflictException when the request is no longer pending (decided, expired, withdrawn)
	 */
	public ApprovalRequest withdraw(UUID id, Actor actor, @Nullable String person) {
		ApprovalRequest request = get(id, actor);
		if (request.status() != ApprovalStatus.PENDING) {
			throw notPending(id); // said first: whoever may see the request may see that it was decided
		}
		if (person == null || !person.equals(request.requesterUser())) {
			throw new AccessDeniedException("only the requester (" + request.requestedBy() + ", or their API tokens) "
					+ "may withdraw approval request " + id + "; an ADMIN of environment '" + request.environment()
					+ "' may reject it");
		}
		if (!store.decide(id, ApprovalStatus.WITHDRAWN, actor.display(), Instant.now(), null)) {
			throw notPending(id);
		}
		log.info("Approval request {} ({}) withdrawn by {}", id, request.summary(), actor.display());
		return store.find(id).orElseThrow(() -> new NotFoundException("approval", id));
	}

	/**
	 * @param request a request
	 * @param person the person looking at it
	 * @return whether they may withdraw it now (for the page's button): its requester, while it is pending
	 */
	public boolean mayWithdraw(ApprovalRequest request, @Nullable String person) {
		return request.status() == ApprovalStatus.PENDING && person != null && person.equals(request.requesterUser());
	}

	/** Marks requests nobody decided in time {@code EXPIRED}. */
	@Scheduled(initialDelay = 30_000, fixedDelayString = "${opsdeck.approvals.sweep-interval:60s}")
	public void expire() {
		int expired = store.expire(Instant.now());
		if (expired > 0) {
			log.info("{} approval request(s) expired without a decision", expired);
		}
	}

	private ApprovalRequest decidable(UUID id, Actor actor, @Nullable String person, String verb) {
		store.expire(Instant.now());
		ApprovalRequest request = store.find(id).orElseThrow(() -> new NotFoundException("approval", id));
		if (!actor.can(Role.ADMIN, request.environment())) {
			throw new AccessDeniedException("only an ADMIN of environment '" + request.environment() + "' may " + verb
					+ " its approval requests");
		}
		if (person == null || person.equals(request.requesterUser())) {
			throw new AccessDeniedException("you requested this launch (" + request.requestedBy() + "): a second "
					+ "ADMIN of environment '" + request.environment() + "', not the requester, must " + verb
					+ " it (your API tokens count as you)");
		}
		if (request.status() != ApprovalStatus.PENDING) {
			throw notPending(id);
		}
		return request;
	}

	private ConflictException notPending(UUID id) {
		ApprovalRequest now = store.find(id).orElseThrow(() -> new NotFoundException("approval", id));
		String detail = switch (now.status()) {
			case EXPIRED -> "expired at " + now.expiresAt() + " without a decision: ask again";
			case PENDING -> "still pending";
			default -> "already " + now.status() + " by " + now.decidedBy() + " at " + now.decidedAt();
		};
		return new ConflictException("approval request " + id + " is no longer pending: " + detail);
	}

	private ApprovalHandler handler(String kind) {
		return handlers.orderedStream()
			.filter(handler -> Objects.equals(handler.kind(), kind))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("nothing launches approval requests of kind '" + kind + "'"));
	}

}
