package io.opsdeck.identity.web;

import java.util.UUID;

import io.opsdeck.identity.internal.TokenService;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.Paging;
import jakarta.validation.Valid;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens}: list (ADMIN: all, others: their own), create (value shown once), revoke. Authorization
 * rules live in {@link TokenService}.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenApiController {

	static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt");

	private final TokenService tokens;

	TokenApiController(TokenService tokens) {
		this.tokens = tokens;
	}

	/**
	 * @param page zero-based page, 0 to {@value Paging#MAX_PAGE}
	 * @param size 1 to {@value Paging#MAX_SIZE}
	 * @return the tokens the caller may see, newest first; {@code 400} naming {@code page} or {@code size} when out
	 * of bounds
	 */
	@GetMapping
	@PreAuthorize("isAuthenticated()")
	PageView<TokenView> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return PageView.of(tokens.list(PageRequest.of(Paging.page(page), Paging.size(size), NEWEST_FIRST)),
				TokenView::of);
	}

	/** @return {@code 201} with the token value; {@code 403} for a role above the caller's, or for a VIEWER token */
	@PostMapping
	@PreAuthorize("isAuthenticated()")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedTokenView create(@Valid @RequestBody CreateTokenRequest request) {
		return CreatedTokenView.of(tokens.create(request.name(), request.role(), request.expiresInDays(),
				request.environments()));
	}

	/**
	 * @return {@code 204}; {@code 404} when the token is unknown or someone else's (unless ADMIN); {@code 403} for a
	 * VIEWER token, or a token revoking a token with a role above its own
	 */
	@DeleteMapping("/{id}")
	@PreAuthorize("isAuthenticated()")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable UUID id) {
		tokens.revoke(id);
	}

}
