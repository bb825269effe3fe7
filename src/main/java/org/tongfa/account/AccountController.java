package org.tongfa.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.text.Printable;
import org.tongfa.web.ApiException;
import org.tongfa.web.FieldProblem;
import org.tongfa.web.ProblemHandler;

/**
 * Signing in, who am I, and the administrators' API for accounts and their tokens. Which role each path
 * needs is declared in {@code AccessRules} (accounts: ADMIN). No answer ever holds a password or a
 * hash; a token's secret is in the one answer that makes it.
 */
@RestController
@Tag(name = "Accounts")
public class AccountController {

    private final Accounts accounts;
    private final PasswordSignIn passwords;
    private final ProblemHandler problems;

    AccountController(Accounts accounts, PasswordSignIn passwords, ProblemHandler problems) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.problems = problems;
    }

    /** A sign-in. */
    record SignInRequest(@NotBlank @Size(max = 64) String login, @NotNull @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "SignInRequest[" + login + ", password=****]";
        }
    }

    /** Who signed in, and the bearer token to send from now on. */
    record SignInResponse(String token, String tokenId, Instant expiresAt, Me account) {
    }

    /** The caller: who, and each role with its columns (an empty list: every column). */
    record Me(String login, String displayName, String department, Map<Role, Set<String>> roles) {

        static Me of(Caller caller) {
            return new Me(caller.login(), caller.displayName(), caller.department(), caller.grants());
        }
    }

    /** A new account; a person needs a first password, a service account ({@code service: true}) has none. */
    public record CreateRequest(@NotBlank @Size(max = 64) String login,
            @NotBlank @Size(max = 100) @Printable String displayName,
            @Size(max = 100) @Printable String department,
            Boolean service,
            @NotNull Map<String, List<String>> roles,
            @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "CreateRequest[" + login + ", roles=" + roles + ", password=****]";
        }
    }

    /** A change: only the fields given change. */
    public record ChangeRequest(@Size(min = 1, max = 100) @Printable String displayName,
            @Size(max = 100) @Printable String department,
            Map<String, List<String>> roles,
            Boolean active) {
    }

    /** A new password, set by an administrator. */
    public record PasswordRequest(@NotNull @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "PasswordRequest[****]";
        }
    }

    /** A person's own new password, with the current one. */
    record OwnPasswordRequest(@NotNull @Size(max = 200) String currentPassword, @NotNull @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "OwnPasswordRequest[****]";
        }
    }

    /** A new API token: what it is for, and optionally when it stops working. */
    public record TokenRequest(@NotBlank @Size(max = 100) @Printable String name, Instant expiresAt) {
    }

    /** A token just made: the secret, shown this once. */
    record TokenCreated(String id, String name, String token, Instant createdAt, Instant expiresAt) {
    }

    @Operation(summary = "Sign in with login and password; answers a bearer token valid for tongfa.api.sign-in-validity")
    @PostMapping(path = "/api/v1/sign-in", consumes = MediaType.APPLICATION_JSON_VALUE)
    SignInResponse signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(
                request.login(), request.password());
        attempt.setDetails(new WebAuthenticationDetails(http));
        Authentication signedIn;
        try {
            signedIn = passwords.authenticate(attempt);
        } catch (LockedException locked) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins", locked.getMessage(), List.of());
        } catch (AuthenticationException refused) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", refused.getMessage(), List.of());
        }
        Caller caller = Caller.of(signedIn).orElseThrow();
        AccountToken.Issued issued = accounts.signInToken(caller.login());
        return new SignInResponse(issued.secret(), issued.token().id(), issued.token().expiresAt(), Me.of(caller));
    }

    @Operation(summary = "Who am I: login, names and each role with its columns")
    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Me me() {
        return Me.of(Caller.current().orElseThrow());
    }

    @Operation(summary = "Change my own password (the first administrator's generated one, say)")
    @PutMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody OwnPasswordRequest request) {
        accounts.changeOwnPassword(actor(), request.currentPassword(), request.password());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Create an account (a person or a service account)")
    @PostMapping(path = "/api/v1/accounts", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Account> create(@Valid @RequestBody CreateRequest request) {
        Account.Kind kind = Boolean.TRUE.equals(request.service()) ? Account.Kind.SERVICE : Account.Kind.PERSON;
        if (kind == Account.Kind.PERSON && request.password() == null) {
            throw ApiException.invalid("password", "a person needs a first password (a service account: service: true)");
        }
        Account account = accounts.create(new Accounts.NewAccount(request.login(), request.displayName(),
                request.department(), kind, request.roles(), request.password()), actor());
        return ResponseEntity.created(URI.create("/api/v1/accounts/" + account.login())).body(account);
    }

    @Operation(summary = "Every account")
    @GetMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Account> list() {
        return accounts.list();
    }

    @Operation(summary = "One account")
    @GetMapping(path = "/api/v1/accounts/{login}", produces = MediaType.APPLICATION_JSON_VALUE)
    Account get(@PathVariable String login) {
        return accounts.get(login);
    }

    @Operation(summary = "Change an account's names, department, roles or active flag")
    @PatchMapping(path = "/api/v1/accounts/{login}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Account change(@PathVariable String login, @Valid @RequestBody ChangeRequest request) {
        return accounts.change(login, new Accounts.Change(request.displayName(), request.department(), request.roles(),
                request.active()), actor());
    }

    @Operation(summary = "Set a person's password")
    @PutMapping(path = "/api/v1/accounts/{login}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> resetPassword(@PathVariable String login, @Valid @RequestBody PasswordRequest request) {
        accounts.resetPassword(login, request.password(), actor());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Make an API token for the account; its secret is shown in this answer only")
    @PostMapping(path = "/api/v1/accounts/{login}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenCreated> createToken(@PathVariable String login, @Valid @RequestBody TokenRequest request) {
        AccountToken.Issued issued = accounts.createToken(login, request.name(), request.expiresAt(), actor());
        AccountToken token = issued.token();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new TokenCreated(token.id(), token.name(), issued.secret(), token.createdAt(), token.expiresAt()));
    }

    @Operation(summary = "The account's tokens, without their secrets")
    @GetMapping(path = "/api/v1/accounts/{login}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AccountToken> tokens(@PathVariable String login) {
        return accounts.tokens(login);
    }

    @Operation(summary = "Revoke a token: it stops working at once")
    @DeleteMapping(path = "/api/v1/accounts/{login}/tokens/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountToken revoke(@PathVariable String login, @PathVariable String id) {
        return accounts.revoke(login, id, actor());
    }

    @ExceptionHandler(AccountRefusal.class)
    ResponseEntity<ProblemDetail> refusal(AccountRefusal refusal, HttpServletRequest request) {
        return problems.api(asApiException(refusal), request);
    }

    /** The refusal as the API answers it: 404, 409, or 400 naming each field. */
    private static ApiException asApiException(AccountRefusal refusal) {
        List<FieldProblem> errors = refusal.fields().stream().map(f -> new FieldProblem(f.field(), f.message())).toList();
        return switch (refusal.kind()) {
            case NOT_FOUND -> ApiException.notFound(refusal.getMessage());
            case CONFLICT -> ApiException.conflict(refusal.getMessage());
            case INVALID -> new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", refusal.getMessage(), errors);
        };
    }

    private static String actor() {
        return Caller.current().map(Caller::login).orElse(null);
    }
}
