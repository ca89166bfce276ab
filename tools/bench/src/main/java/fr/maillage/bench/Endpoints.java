package fr.maillage.bench;

import java.nio.file.Path;

/** Where a stack under test answers: what the simulator and the comparisons need. */
interface Endpoints {

    /** Kafka bootstrap servers. */
    String kafka();

    String registry();

    String activity();

    /** The reporting instance the simulator and the comparisons read. */
    String reporting();

    /** The national API key's file, written by the registry. */
    Path keyFile();
}
