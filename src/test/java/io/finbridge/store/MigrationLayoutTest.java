package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scripts are where Flyway finds them, named as it reads them: the layout of docs/developers-guide.md. A script in the
 * naming of the runner before Flyway ({@code V005__x.h2.sql} beside {@code V005__x.sql}) would be a second version 005.
 */
class MigrationLayoutTest {

    private static final Path DB = Path.of("src/main/resources/db");

    @Test
    void sharedScriptsAreWholeVersionsWithoutAVendorSuffix() throws IOException {
        assertThat(names(DB.resolve("migration")))
                .as("db/migration holds V<n>__name.sql; a vendor's own script goes to db/vendor/<vendor>/V<n>.1__name.sql")
                .isNotEmpty()
                .allMatch(n -> n.matches("V\\d+__[a-z0-9_]+\\.sql"));
    }

    @Test
    void vendorScriptsFollowTheSharedScriptOfTheirVersion() throws IOException {
        List<String> shared = names(DB.resolve("migration"));
        for (String vendor : List.of("h2", "postgresql")) {
            for (String name : names(DB.resolve("vendor").resolve(vendor))) {
                assertThat(name).as(vendor + " script").matches("V\\d+\\.\\d+__[a-z0-9_]+\\.sql");
                String major = name.substring(0, name.indexOf('.'));
                assertThat(shared).as(vendor + "/" + name + " follows the shared script of its version")
                        .anyMatch(s -> s.startsWith(major + "__"));
            }
        }
        assertThat(names(DB.resolve("vendor")))
                .as("one folder per database Finbridge runs on").containsExactlyInAnyOrder("h2", "postgresql");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
