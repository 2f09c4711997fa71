package fr.facteur.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import fr.facteur.archive.Archive;
import fr.facteur.archive.ArchiveChain;
import fr.facteur.security.TenantScope;

/** What the console needs beside the feature APIs: who is logged in, and the configuration check. */
@RestController
class ConsoleController {

    private final ConfigCheck configCheck;
    private final Environment environment;
    private final Archive archive;

    ConsoleController(ConfigCheck configCheck, Environment environment, Archive archive) {
        this.configCheck = configCheck;
        this.environment = environment;
        this.archive = archive;
    }

    /** Re-reads the whole archive against its hash chain and names any altered, missing or added file. */
    @GetMapping("/api/archive/verify")
    ArchiveChain.Verification verifyArchive() {
        requireUnlimited();
        return archive.chain().verify();
    }

    /** The current user, its role and tenant limits, and which optional parts of the product run. */
    @GetMapping("/api/console/me")
    Map<String, Object> me(Authentication authentication) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", authentication.getName());
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList();
        me.put("roles", roles);
        me.put("tenants", TenantScope.current().map(List::copyOf).orElse(List.of()));
        me.put("simulator", environment.getProperty("facteur.simulator.enabled", Boolean.class, false));
        return me;
    }

    @GetMapping("/api/config-check")
    ConfigCheck.Report configCheck() {
        requireUnlimited();
        return configCheck.run();
    }

    /** Reports that span every tenant are for users who see every tenant. */
    private static void requireUnlimited() {
        if (!TenantScope.unlimited()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "this report covers every tenant");
        }
    }
}
