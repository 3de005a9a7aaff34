package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.TextTable;
import org.stancewatch.app.UserException;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorType;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorId;
import org.stancewatch.nlp.catalogue.CatalogueException;
import org.stancewatch.pipeline.catalogue.ActorConversions;
import org.stancewatch.pipeline.catalogue.ActorsAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Edits the live actor catalogue (the compacted `actors` topic); running pipelines pick changes up at once. */
@Command(name = "actors", mixinStandardHelpOptions = true,
        description = "List, add, change or remove tracked actors; takes effect for the next articles without a restart.",
        subcommands = {ActorsCommand.ListActors.class, ActorsCommand.Add.class, ActorsCommand.Alias.class,
                ActorsCommand.Remove.class})
public final class ActorsCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("choose list, add, alias or remove (see `stancewatch actors --help`)");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the actors in the live catalogue.")
    static final class ListActors implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--type", description = "Only actors of this type: ${COMPLETION-CANDIDATES}.")
        ActorType type;

        @Override
        public Integer call() {
            try (ActorsAdmin admin = new ActorsAdmin(connection.resolveRunning().clientConfig())) {
                TextTable t = new TextTable(60, "id", "name", "type", "aliases");
                for (Actor a : admin.list()) {
                    if (type == null || a.getType() == type) {
                        List<String> aliases = new ArrayList<>(a.getAliases());
                        aliases.addAll(a.getCaseSensitiveAliases());
                        t.row(a.getId(), a.getName(), a.getType(), String.join(", ", aliases));
                    }
                }
                System.out.print(t);
                System.out.println(t.size() + " actors");
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a new actor; an existing id is replaced only with --replace (to extend one, use `actors alias add`).",
                    "  stancewatch actors add kataib-sayyid --name \"Kata'ib Sayyid al-Shuhada\" --type ARMED_GROUP --alias \"Kataib Sayyid al-Shuhada\"",
                    "  stancewatch actors add --file my-actors.jsonl   (catalogue format, see modules/nlp/README.md)"})
    static final class Add implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "Actor id: " + ActorId.RULE + ".")
        String id;

        @Option(names = "--replace", description = "Replace an actor that has this id (its aliases are listed and dropped).")
        boolean replace;

        @Option(names = "--name", description = "Display name (default: the id).")
        String name;

        @Option(names = "--type", defaultValue = "OTHER", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        ActorType type;

        @Option(names = "--alias", paramLabel = "TEXT", description = "Case-insensitive alias (repeatable).")
        List<String> aliases = new ArrayList<>();

        @Option(names = "--case-sensitive-alias", paramLabel = "TEXT", description = "Alias matched with exact case, e.g. US (repeatable).")
        List<String> caseSensitiveAliases = new ArrayList<>();

        @Option(names = "--description", description = "Short description.")
        String description;

        @Option(names = "--file", paramLabel = "FILE", description = "Add every actor of a catalogue file (JSON Lines).")
        Path file;

        @Override
        public Integer call() {
            List<Actor> actors = new ArrayList<>();
            if (file != null) {
                try {
                    ActorCatalogue.load(file).all().forEach(e -> actors.add(ActorConversions.toAvro(e)));
                } catch (CatalogueException e) {
                    throw new UserException("actor catalogue " + file + " has errors:\n  " + String.join("\n  ", e.problems()));
                }
            }
            if (id != null) {
                List<String> all = new ArrayList<>(aliases);
                if (all.isEmpty() && caseSensitiveAliases.isEmpty()) {
                    all.add(name == null ? id : name);
                }
                actors.add(Actor.newBuilder().setId(id).setName(name == null ? id : name).setType(type)
                        .setAliases(all).setCaseSensitiveAliases(caseSensitiveAliases).setDescription(description)
                        .build());
            }
            if (actors.isEmpty()) {
                throw new UserException("give an actor ID (with --name, --alias ...) or --file FILE");
            }
            try (ActorsAdmin admin = new ActorsAdmin(connection.resolveRunning().clientConfig())) {
                // Check every id first, so a file with one taken id writes nothing rather than half of itself.
                Map<String, Actor> current = new HashMap<>();
                admin.list().forEach(a -> current.put(a.getId(), a));
                List<String> taken = new ArrayList<>();
                for (Actor a : actors) {
                    Actor old = current.get(a.getId());
                    if (old != null && !replace) {
                        taken.add(new ActorsAdmin.ActorExistsException(old, ActorsAdmin.droppedAliases(old, a)).getMessage());
                    }
                }
                if (!taken.isEmpty()) {
                    throw new UserException(String.join("\n", taken) + "\nnothing written: add aliases with `stancewatch actors"
                            + " alias add ID ALIAS...`, or pass --replace to replace the actor");
                }
                for (Actor a : actors) {
                    try {
                        Actor old = current.get(a.getId());
                        admin.put(a);
                        if (old == null) {
                            System.out.println("added " + a.getId() + " (" + a.getName() + ")");
                        } else {
                            List<String> dropped = ActorsAdmin.droppedAliases(old, a);
                            System.out.println("replaced " + a.getId() + " (" + a.getName() + ")"
                                    + (dropped.isEmpty() ? "" : "; dropped aliases: " + String.join(", ", dropped)));
                        }
                    } catch (IllegalArgumentException e) {
                        throw new UserException(e.getMessage());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true,
            description = "Add or remove aliases of an actor, keeping the rest of it.",
            subcommands = {AliasAdd.class, AliasRemove.class})
    static final class Alias implements Runnable {
        @Override
        public void run() {
            throw new UserException("choose add or remove (see `stancewatch actors alias --help`)");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add aliases to an existing actor.",
                    "  stancewatch actors alias add wagner-group Wagner \"Wagner fighters\""})
    static final class AliasAdd implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "Actor id.")
        String id;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ALIAS", description = "Aliases to add.")
        List<String> aliases;

        @Option(names = "--case-sensitive", description = "Match these aliases with exact case only (e.g. acronyms like PMF).")
        boolean caseSensitive;

        @Override
        public Integer call() {
            try (ActorsAdmin admin = new ActorsAdmin(connection.resolveRunning().clientConfig())) {
                List<String> added = admin.addAliases(id, aliases, caseSensitive);
                System.out.println(added.isEmpty() ? id + " already has " + String.join(", ", aliases)
                        : "added to " + id + ": " + String.join(", ", added));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove aliases from an actor.")
    static final class AliasRemove implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "Actor id.")
        String id;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ALIAS", description = "Aliases to remove (any case).")
        List<String> aliases;

        @Override
        public Integer call() {
            try (ActorsAdmin admin = new ActorsAdmin(connection.resolveRunning().clientConfig())) {
                System.out.println("removed from " + id + ": " + String.join(", ", admin.removeAliases(id, aliases)));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove actors by id (a tombstone on `actors`).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "ID", arity = "1..*")
        List<String> ids;

        @Override
        public Integer call() {
            int missing = 0;
            try (ActorsAdmin admin = new ActorsAdmin(connection.resolveRunning().clientConfig())) {
                for (String actorId : ids) {
                    if (admin.remove(actorId)) {
                        System.out.println("removed " + actorId);
                    } else {
                        System.err.println("no actor with id '" + actorId + "' in the catalogue");
                        missing++;
                    }
                }
            }
            return missing == 0 ? 0 : 1;
        }
    }
}
