package io.miglint.rules.registry;

import io.miglint.rule.Catalog;
import io.miglint.rule.Rule;
import io.miglint.rule.RuleDescriptor;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import java.util.List;

/**
 * Every rule, one line each, sorted by id. A test fails when a rule class is missing here or an id is reused.
 */
public final class RuleRegistry {
    private RuleRegistry() {}

    public static final List<Class<? extends Rule>> RULES = List.of(
            io.miglint.rules.locking.AddColumnNotNullNoDefault.class,
            io.miglint.rules.locking.AddColumnTableRewrite.class,
            io.miglint.rules.locking.AddColumnVolatileDefault.class,
            io.miglint.rules.locking.AddExclusionConstraint.class,
            io.miglint.rules.locking.AddPrimaryKey.class,
            io.miglint.rules.locking.AddUniqueConstraint.class,
            io.miglint.rules.types.BanChar.class,
            io.miglint.rules.security.BroadGrant.class,
            io.miglint.rules.locking.ChangeColumnType.class,
            io.miglint.rules.transactions.ConcurrentlyInTransaction.class,
            io.miglint.rules.locking.ConstraintWithoutNotValid.class,
            io.miglint.rules.tool.DbmateMultipleSections.class,
            io.miglint.rules.data.DeleteWithoutWhere.class,
            io.miglint.rules.pairing.DownEmpty.class,
            io.miglint.rules.reversibility.DownIncomplete.class,
            io.miglint.rules.pairing.DownMissing.class,
            io.miglint.rules.reversibility.DownNarrowsType.class,
            io.miglint.rules.reversibility.DownRestoresNotNull.class,
            io.miglint.rules.compatibility.DropColumn.class,
            io.miglint.rules.compatibility.DropDatabase.class,
            io.miglint.rules.schema.DropIndexOfConstraint.class,
            io.miglint.rules.compatibility.DropNotNull.class,
            io.miglint.rules.compatibility.DropTable.class,
            io.miglint.rules.schema.DropWrongKind.class,
            io.miglint.rules.schema.DuplicateIndex.class,
            io.miglint.rules.transactions.EnumValueInTransaction.class,
            io.miglint.rules.transactions.ExceptionSwallowsError.class,
            io.miglint.rules.locking.ExclusiveLockHeld.class,
            io.miglint.rules.locking.ExtensionFunctionLock.class,
            io.miglint.rules.schema.ForeignKeyWithoutIndex.class,
            io.miglint.rules.schema.FrozenTimeLiteral.class,
            io.miglint.rules.tool.GooseStatementSplit.class,
            io.miglint.rules.security.HardcodedSecret.class,
            io.miglint.rules.schema.IdentifierTooLong.class,
            io.miglint.rules.schema.IndexNameConvention.class,
            io.miglint.rules.schema.IndexNamedForOtherTable.class,
            io.miglint.rules.schema.IndexQualifiedByTable.class,
            io.miglint.rules.reversibility.IrreversibleDataChange.class,
            io.miglint.rules.tool.LiquibaseChangesetNotAtomic.class,
            io.miglint.rules.locking.ExplicitLockTable.class,
            io.miglint.rules.locking.LockTimeoutMissing.class,
            io.miglint.rules.naming.MigrationFilename.class,
            io.miglint.rules.naming.MigrationNameCase.class,
            io.miglint.rules.naming.MigrationNameLength.class,
            io.miglint.rules.naming.MigrationNameVague.class,
            io.miglint.rules.naming.MigrationNameVerb.class,
            io.miglint.rules.schema.MigrationTooLarge.class,
            io.miglint.rules.idempotency.NonIdempotentDdl.class,
            io.miglint.rules.types.PreferBigint.class,
            io.miglint.rules.types.PreferIdentity.class,
            io.miglint.rules.types.PreferJsonb.class,
            io.miglint.rules.types.PreferText.class,
            io.miglint.rules.types.PreferTimestamptz.class,
            io.miglint.rules.compatibility.RenameColumn.class,
            io.miglint.rules.compatibility.RenameTable.class,
            io.miglint.rules.compatibility.RenamedNameReused.class,
            io.miglint.rules.locking.RequireConcurrentDetach.class,
            io.miglint.rules.locking.RequireConcurrentDropIndex.class,
            io.miglint.rules.locking.RequireConcurrentIndex.class,
            io.miglint.rules.locking.RequireConcurrentRefresh.class,
            io.miglint.rules.locking.RequireConcurrentReindex.class,
            io.miglint.rules.security.SecurityDefinerSearchPath.class,
            io.miglint.rules.security.ServerSideCommand.class,
            io.miglint.rules.locking.SetNotNull.class,
            io.miglint.rules.locking.StatementTimeoutMissing.class,
            io.miglint.rules.syntax.SyntaxError.class,
            io.miglint.rules.locking.TableRewrite.class,
            io.miglint.rules.transactions.TransactionNesting.class,
            io.miglint.rules.data.Truncate.class,
            io.miglint.rules.data.UnbatchedBackfill.class,
            io.miglint.rules.transactions.UncommittedTransaction.class,
            io.miglint.rules.tool.UnknownSuppression.class,
            io.miglint.rules.tool.UnrecognizedFile.class,
            io.miglint.rules.pairing.UpMissing.class,
            io.miglint.rules.data.UpdateWithoutWhere.class,
            io.miglint.rules.naming.VersionDuplicate.class,
            io.miglint.rules.naming.VersionTimestampInvalid.class);

    /** One instance of every rule; rules are stateless, so the same instances serve every run and thread. */
    public static List<Rule> instances() {
        return Instances.ALL;
    }

    /**
     * Every finding id miglint reports: these rules, then the verifier's, the gate's and the baseline's (see
     * {@link Catalog}). Reads only the rules' annotations, no rule is created.
     */
    public static Catalog catalog() {
        return Standard.CATALOG;
    }

    /** The options the rule of this id declares ({@link RuleInfo#options()}); none for an unknown id. */
    public static List<RuleOption> options(String id) {
        for (Class<? extends Rule> c : RULES) {
            RuleInfo info = c.getAnnotation(RuleInfo.class);
            if (info != null && info.id().equals(id)) {
                return List.of(info.options());
            }
        }
        return List.of();
    }

    private static final class Standard {
        static final Catalog CATALOG =
                Catalog.of(RULES.stream().map(RuleDescriptor::of).toList());
    }

    /** Created on first use: `miglint rules` and `explain` need no rule instance at start-up. */
    private static final class Instances {
        static final List<Rule> ALL =
                RULES.stream().map(RuleRegistry::instantiate).toList();
    }

    private static Rule instantiate(Class<? extends Rule> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule " + c.getName() + " needs a public no-argument constructor", e);
        }
    }
}
