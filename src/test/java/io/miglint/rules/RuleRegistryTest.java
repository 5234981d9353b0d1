package io.miglint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.RuleInfo;
import io.miglint.rules.registry.RuleRegistry;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RuleRegistryTest {

    @Test
    void everyRuleClassIsRegisteredExactlyOnce() {
        Set<String> annotated = new TreeSet<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.miglint.rules")) {
            if (c.isAnnotatedWith(RuleInfo.class)) {
                annotated.add(c.getName());
            }
        }
        Set<String> registered = new TreeSet<>();
        RuleRegistry.RULES.forEach(c -> assertTrue(registered.add(c.getName()), c.getName() + " listed twice"));
        assertEquals(annotated, registered, "RuleRegistry.RULES must list every @RuleInfo class");
    }

    @Test
    void idsAreUniqueKebabCaseAndTheListIsSortedById() {
        List<String> ids = new ArrayList<>();
        for (Class<? extends Rule> c : RuleRegistry.RULES) {
            RuleDescriptor d = RuleDescriptor.of(c);
            assertTrue(d.id().matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), d.id() + " is not kebab-case");
            assertTrue(Modifier.isFinal(c.getModifiers()), c.getName() + " must be final");
            ids.add(d.id());
        }
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "a rule id is used twice: " + ids);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(String::compareTo);
        assertEquals(sorted, ids, "RuleRegistry.RULES must be sorted by rule id");
    }

    @Test
    void rulesAreStateless() {
        for (Class<? extends Rule> c : RuleRegistry.RULES) {
            for (var f : c.getDeclaredFields()) {
                assertTrue(
                        Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()),
                        c.getSimpleName() + "." + f.getName() + ": rules keep no per-instance state");
            }
        }
    }
}
