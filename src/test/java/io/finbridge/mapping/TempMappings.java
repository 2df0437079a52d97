package io.finbridge.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A mappings folder of a test's own: the shipped reference data plus the mapping files the test writes. */
final class TempMappings {

    final Path root;

    TempMappings(Path dir) {
        this.root = dir;
        try (Stream<Path> files = Files.walk(Path.of("mappings/reference"))) {
            Files.createDirectories(root.resolve("reference"));
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, root.resolve("reference").resolve(f.getFileName()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Copies one shipped mapping file ({@code shopify/order.v1.yaml}). */
    TempMappings shipped(String file) {
        try {
            Path to = root.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(Path.of("mappings").resolve(file), to);
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    TempMappings write(String file, String yaml) {
        try {
            Path to = root.resolve(file);
            Files.createDirectories(to.getParent());
            Files.writeString(to, yaml);
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String read(String file) {
        try {
            return Files.readString(root.resolve(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    MappingSet load() {
        return MappingSet.load(root, "mappings");
    }
}
