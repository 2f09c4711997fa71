package fr.facteur.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One filter chain for the console and the API, so the console's pages can call the API with their session:
 * <ul>
 * <li>the console: form login at /login, a session, CSRF token in the XSRF-TOKEN cookie that the console's script
 * echoes in an X-XSRF-TOKEN header;</li>
 * <li>scripts: HTTP Basic on every request, no session, no CSRF token (a request carrying its own credentials
 * cannot be forged by another site). 401 answers carry no {@code WWW-Authenticate: Basic} challenge on purpose:
 * browsers only remember Basic credentials after such a challenge, and remembered credentials would be sent with
 * a forged cross-site request. Scripts send them pre-emptively ({@code curl -u}), so nothing is lost;</li>
 * <li>GET on the API for VIEWER and ADMIN, every change for ADMIN; the unmatched return lines, which belong to no
 * tenant, only for users not limited to some tenants; nothing anonymous but health and the login page.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    static final String ADMIN = "ADMIN";
    static final String VIEWER = "VIEWER";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager facteurUsers(SecurityProperties properties, PasswordEncoder encoder) {
        return ConfiguredUsers.of(properties, encoder, System::getenv);
    }

    @Bean
    SecurityFilterChain facteurSecurity(HttpSecurity http) throws Exception {
        RequestMatcher machineFacing = request -> {
            String path = path(request);
            return path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/v3/api-docs")
                    || request.getHeader("X-Requested-With") != null;
        };
        RequestMatcher carriesBasic = request -> {
            String header = request.getHeader("Authorization");
            return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        };
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        // load the token on every request, so the cookie exists before the console's first change
        csrfHandler.setCsrfRequestAttributeName(null);

        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error", "/favicon.ico")
                .permitAll()
                // the simulator's fault injection is an operator's control; its PISTE endpoints check their own OAuth
                // tokens like the real PISTE; asynchronous MDNs are proven by their signature, not by a login
                .requestMatchers("/simulator/piste/faults", "/simulator/piste/faults/**").hasRole(ADMIN)
                .requestMatchers("/simulator/piste/**", "/as2/mdn").permitAll()
                .requestMatchers("/api/returns/**").access(unlimitedReader())
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(ADMIN, VIEWER)
                .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(ADMIN, VIEWER)
                .requestMatchers("/api/**").hasRole(ADMIN)
                .anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/", true))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .httpBasic(basic -> basic.authenticationEntryPoint(problem(HttpStatus.UNAUTHORIZED,
                        "Authentication required: HTTP Basic for scripts, /login for the console")))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(csrfHandler)
                        .ignoringRequestMatchers(carriesBasic)
                        .ignoringRequestMatchers("/simulator/piste/**", "/as2/mdn"))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(problem(HttpStatus.UNAUTHORIZED,
                                "Authentication required: HTTP Basic for scripts, /login for the console"), machineFacing)
                        .defaultAccessDeniedHandlerFor(denied(), machineFacing));
        return http.build();
    }

    /** A VIEWER or ADMIN who is not limited to some tenants. */
    private static AuthorizationManager<RequestAuthorizationContext> unlimitedReader() {
        return (authentication, context) -> {
            var auth = authentication.get();
            boolean reader = auth != null && auth.isAuthenticated() && auth.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_" + ADMIN) || a.getAuthority().equals("ROLE_" + VIEWER));
            return new AuthorizationDecision(reader && TenantScope.of(auth).isEmpty());
        };
    }

    private static AuthenticationEntryPoint problem(HttpStatus status, String detail) {
        return (request, response, exception) -> writeProblem(response, status, detail);
    }

    private static AccessDeniedHandler denied() {
        return (request, response, exception) -> writeProblem(response, HttpStatus.FORBIDDEN,
                "Your role does not allow this: changes need ADMIN, and a viewer limited to some tenants only reads those");
    }

    private static void writeProblem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

}
