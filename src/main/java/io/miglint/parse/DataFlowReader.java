package io.miglint.parse;

import io.miglint.model.DataFlow;
import io.miglint.model.QualifiedName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ParenthesedStatement;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads a {@link DataFlow} from JSqlParser's tree of a data statement. {@link TablesNamesFinder} walks every
 * expression (function arguments, CASE, casts, subqueries in any position); this class takes over the clauses where
 * what a table is to the statement depends on where it stands — written (a target), a source (a FROM, JOIN or USING
 * item of the main query, of a WITH query or of a derived table) or only looked up (in a subquery of a WHERE, ON,
 * SELECT list, SET value, RETURNING) — and collects the called functions, the LIMITs and the columns of the main
 * WHERE on the way. One instance reads one statement.
 */
final class DataFlowReader extends TablesNamesFinder<Void> {
    /**
     * Written like calls, but no functions: {@code col = ANY('{…}')} and {@code ROW(1, 2)} come out of JSqlParser as
     * calls of "any" and "row".
     */
    private static final Set<String> NOT_FUNCTIONS = Set.of("any", "all", "some", "exists", "row");

    private final List<DataFlow.Write> writes = new ArrayList<>();
    private final Set<QualifiedName> reads = new LinkedHashSet<>();
    private final Set<QualifiedName> sources = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> withNames = new HashSet<>();
    /** Whether a FROM item met now is a source (else it is only looked up). */
    private boolean source = true;

    private boolean limited;
    /** The WHERE whose shape the flow reports, and its columns while it is walked. */
    private Expression mainWhere;

    private List<String> whereColumns;
    private final List<String> mainWhereColumns = new ArrayList<>();

    private DataFlowReader() {}

    /**
     * The flow of a statement JSqlParser read; {@code created} is the table a CREATE TABLE … AS makes of
     * {@code statement} (its query), else null. Throws what JSqlParser's walker throws on a node it does not know.
     */
    static DataFlow read(net.sf.jsqlparser.statement.Statement statement, QualifiedName created) {
        DataFlowReader r = new DataFlowReader();
        if (created != null) {
            r.writes.add(new DataFlow.Write(created, DataFlow.WriteKind.CREATE));
        }
        r.mainWhere = mainWhere(statement);
        r.getTables(statement);
        r.reads.removeIf(r::withQuery);
        r.sources.removeIf(r::withQuery);
        DataFlow.Where where = where(statement, r.mainWhere, r.mainWhereColumns);
        return new DataFlow(
                r.writes,
                List.copyOf(r.reads),
                List.copyOf(r.sources),
                List.copyOf(r.functions),
                where,
                r.limited,
                false);
    }

    /** The name of one of the statement's WITH queries, not a table. */
    private boolean withQuery(QualifiedName name) {
        return name.schema() == null && withNames.contains(name.name());
    }

    // --- statements ---

    @Override
    public <S> Void visit(Insert insert, S context) {
        withItems(insert.getWithItemsList());
        write(insert.getTable(), DataFlow.WriteKind.INSERT);
        if (insert.getSelect() != null) {
            insert.getSelect().accept((SelectVisitor<Void>) this, context);
        }
        if (insert.getConflictAction() != null) {
            lookup(() -> {
                updateSets(insert.getConflictAction().getUpdateSets());
                expression(insert.getConflictAction().getWhereExpression());
            });
        }
        returning(insert.getReturningClause());
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedInsert insert, S context) {
        return visit(insert.getInsert(), context);
    }

    @Override
    public <S> Void visit(Update update, S context) {
        withItems(update.getWithItemsList());
        write(update.getTable(), DataFlow.WriteKind.UPDATE);
        lookup(() -> updateSets(update.getUpdateSets()));
        fromItem(update.getFromItem());
        joins(update.getStartJoins());
        joins(update.getJoins());
        where(update.getWhere());
        returning(update.getReturningClause());
        if (update.getLimit() != null) {
            limited = true;
        }
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedUpdate update, S context) {
        return visit(update.getUpdate(), context);
    }

    @Override
    public <S> Void visit(Delete delete, S context) {
        withItems(delete.getWithItemsList());
        write(delete.getTable(), DataFlow.WriteKind.DELETE);
        if (delete.getUsingFromItemList() != null) {
            delete.getUsingFromItemList().forEach(this::fromItem);
        }
        joins(delete.getJoins());
        where(delete.getWhere());
        returning(delete.getReturningClause());
        if (delete.getLimit() != null) {
            limited = true;
        }
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedDelete delete, S context) {
        return visit(delete.getDelete(), context);
    }

    // --- queries ---

    @Override
    public <S> Void visit(Select select, S context) {
        return select.accept((SelectVisitor<Void>) this, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        withItems(select.getWithItemsList());
        limits(select);
        if (select.getIntoTables() != null) {
            select.getIntoTables().forEach(t -> write(t, DataFlow.WriteKind.CREATE));
        }
        lookup(() -> {
            if (select.getSelectItems() != null) {
                for (SelectItem<?> item : select.getSelectItems()) {
                    expression(item.getExpression());
                }
            }
            if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
                select.getDistinct().getOnSelectItems().forEach(i -> expression(i.getExpression()));
            }
        });
        fromItem(select.getFromItem());
        joins(select.getJoins());
        where(select.getWhere());
        lookup(() -> {
            GroupByElement group = select.getGroupBy();
            if (group != null && group.getGroupByExpressionList() != null) {
                expression(group.getGroupByExpressionList());
            }
            expression(select.getHaving());
            orderBy(select.getOrderByElements());
        });
        return null;
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
        withItems(list.getWithItemsList());
        limits(list);
        for (Select s : list.getSelects()) {
            s.accept((SelectVisitor<Void>) this, context);
        }
        lookup(() -> orderBy(list.getOrderByElements()));
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        withItems(select.getWithItemsList());
        limits(select);
        if (select.getSelect() != null) {
            select.getSelect().accept((SelectVisitor<Void>) this, context);
        }
        return null;
    }

    @Override
    public <S> Void visit(LateralSubSelect select, S context) {
        return visit((ParenthesedSelect) select, context);
    }

    @Override
    public <S> Void visit(Values values, S context) {
        lookup(() -> expression(values.getExpressions()));
        return null;
    }

    @Override
    public <S> Void visit(TableStatement statement, S context) {
        read(statement.getTable());
        return null;
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        withItems(List.of(item));
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedFromItem item, S context) {
        fromItem(item.getFromItem());
        joins(item.getJoins());
        return null;
    }

    // --- leaves ---

    @Override
    public <S> Void visit(Table table, S context) {
        read(table);
        return null;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        List<String> parts = function.getMultipartName();
        if (parts != null && !parts.isEmpty()) {
            String name = identifier(parts.get(parts.size() - 1));
            if (!NOT_FUNCTIONS.contains(name)) {
                functions.add(name);
            }
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
        if (analytic.getName() != null) {
            functions.add(identifier(analytic.getName()));
        }
        return super.visit(analytic, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
        if (whereColumns != null && column.getColumnName() != null) {
            String name = identifier(column.getColumnName());
            Table t = column.getTable();
            String qualifier = t == null || t.getName() == null ? null : identifier(t.getName());
            whereColumns.add(qualifier == null ? name : qualifier + "." + name);
        }
        return null;
    }

    // --- helpers ---

    private void withItems(List<WithItem<?>> items) {
        if (items == null) {
            return;
        }
        for (WithItem<?> item : items) {
            if (item.getAlias() != null && item.getAlias().getName() != null) {
                withNames.add(identifier(item.getAlias().getName()));
            }
            ParenthesedStatement body = item.getParenthesedStatement();
            if (body instanceof ParenthesedSelect s) {
                visit(s, null);
            } else if (body instanceof ParenthesedInsert i) {
                visit(i.getInsert(), null);
            } else if (body instanceof ParenthesedUpdate u) {
                visit(u.getUpdate(), null);
            } else if (body instanceof ParenthesedDelete d) {
                visit(d.getDelete(), null);
            }
        }
    }

    private void fromItem(FromItem item) {
        if (item == null) {
            return;
        }
        if (item instanceof Table t) {
            read(t);
        } else {
            item.accept(this, null);
        }
    }

    private void joins(List<Join> joins) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            fromItem(join.getFromItem());
            if (join.getOnExpressions() != null) {
                lookup(() -> join.getOnExpressions().forEach(this::expression));
            }
        }
    }

    private void where(Expression where) {
        if (where == null) {
            return;
        }
        boolean main = where == mainWhere && whereColumns == null;
        if (main) {
            whereColumns = mainWhereColumns;
        }
        lookup(() -> expression(where));
        if (main) {
            whereColumns = null;
        }
    }

    private void updateSets(List<UpdateSet> sets) {
        if (sets == null) {
            return;
        }
        for (UpdateSet set : sets) {
            if (set.getValues() != null) {
                expression(set.getValues());
            }
        }
    }

    private void returning(ReturningClause returning) {
        if (returning == null) {
            return;
        }
        lookup(() -> {
            for (SelectItem<?> item : returning) {
                expression(item.getExpression());
            }
        });
    }

    private void orderBy(List<OrderByElement> elements) {
        if (elements != null) {
            elements.forEach(e -> expression(e.getExpression()));
        }
    }

    private void limits(Select select) {
        if (select.getLimit() != null || select.getFetch() != null) {
            limited = true;
        }
    }

    private void expression(Expression e) {
        if (e != null) {
            e.accept(this, null);
        }
    }

    /** Runs {@code walk} with FROM items taken as looked up, not as sources. */
    private void lookup(Runnable walk) {
        boolean was = source;
        source = false;
        try {
            walk.run();
        } finally {
            source = was;
        }
    }

    private void read(Table table) {
        QualifiedName name = name(table);
        if (name != null) {
            reads.add(name);
            if (source) {
                sources.add(name);
            }
        }
    }

    private void write(Table table, DataFlow.WriteKind kind) {
        QualifiedName name = name(table);
        if (name != null) {
            writes.add(new DataFlow.Write(name, kind));
        }
    }

    private static QualifiedName name(Table table) {
        if (table == null || table.getName() == null) {
            return null;
        }
        String schema = table.getSchemaName();
        return new QualifiedName(schema == null ? null : identifier(schema), identifier(table.getName()));
    }

    /** A name as PostgreSQL takes it: quoted kept as written, unquoted folded to lower case. */
    static String identifier(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    // --- the shape of the WHERE ---

    /** The WHERE that picks the rows the statement works on (of the top query for INSERT … SELECT and SELECT). */
    private static Expression mainWhere(net.sf.jsqlparser.statement.Statement statement) {
        if (statement instanceof Update u) {
            return u.getWhere();
        }
        if (statement instanceof Delete d) {
            return d.getWhere();
        }
        Select query = statement instanceof Insert i ? i.getSelect() : statement instanceof Select s ? s : null;
        while (query instanceof ParenthesedSelect p) {
            query = p.getSelect();
        }
        return query instanceof PlainSelect p ? p.getWhere() : null;
    }

    private static DataFlow.Where where(
            net.sf.jsqlparser.statement.Statement statement, Expression where, List<String> columns) {
        Select query = statement instanceof Insert i ? i.getSelect() : statement instanceof Select s ? s : null;
        while (query instanceof ParenthesedSelect p) {
            query = p.getSelect();
        }
        if (query instanceof SetOperationList list) {
            return unionWhere(list);
        }
        return shapeOf(where, columns);
    }

    /** A UNION of queries picks its rows by key only when every branch does. */
    private static DataFlow.Where unionWhere(SetOperationList list) {
        boolean any = false;
        boolean allKeyed = !list.getSelects().isEmpty();
        for (Select s : list.getSelects()) {
            Expression w = s instanceof PlainSelect p ? p.getWhere() : null;
            any |= w != null;
            allKeyed &= w != null && keyed(w);
        }
        DataFlow.Where.Shape shape =
                allKeyed ? DataFlow.Where.Shape.KEY : any ? DataFlow.Where.Shape.OTHER : DataFlow.Where.Shape.NONE;
        return new DataFlow.Where(shape, null, List.of());
    }

    static DataFlow.Where shapeOf(Expression where, List<String> columns) {
        if (where == null) {
            return DataFlow.Where.NONE;
        }
        DataFlow.Where.Shape shape = keyed(where)
                ? DataFlow.Where.Shape.KEY
                : conjuncts(where).stream().anyMatch(DataFlowReader::orphans)
                        ? DataFlow.Where.Shape.ORPHANS
                        : DataFlow.Where.Shape.OTHER;
        Expression bare = unwrap(where);
        String nullColumn = bare instanceof IsNullExpression n
                        && !n.isNot()
                        && !n.isUseIsNull()
                        && n.getLeftExpression() instanceof Column c
                ? identifier(c.getColumnName())
                : null;
        return new DataFlow.Where(shape, nullColumn, columns);
    }

    private static boolean keyed(Expression where) {
        for (Expression conjunct : conjuncts(where)) {
            List<Expression> alternatives = new ArrayList<>();
            split(conjunct, OrExpression.class, alternatives);
            if (alternatives.stream().allMatch(DataFlowReader::pins)) {
                return true;
            }
        }
        return false;
    }

    private static List<Expression> conjuncts(Expression where) {
        List<Expression> out = new ArrayList<>();
        split(where, AndExpression.class, out);
        return out;
    }

    private static void split(Expression e, Class<?> operator, List<Expression> out) {
        Expression x = unwrap(e);
        if (operator.isInstance(x)) {
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) x;
            split(b.getLeftExpression(), operator, out);
            split(b.getRightExpression(), operator, out);
        } else {
            out.add(x);
        }
    }

    private static Expression unwrap(Expression e) {
        Expression x = e;
        while (x instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
            x = (Expression) l.get(0);
        }
        return x;
    }

    /**
     * {@code col = constant}, {@code col IN (constants)}, {@code col = ANY(constant)}, {@code col <op> number},
     * {@code col BETWEEN number AND …}: the column pinned to a value or bounded by a number.
     */
    private static boolean pins(Expression e) {
        if (e instanceof EqualsTo eq) {
            return eq.getLeftExpression() instanceof Column && constant(eq.getRightExpression());
        }
        if (e instanceof InExpression in) {
            return !in.isNot() && in.getLeftExpression() instanceof Column && constant(in.getRightExpression());
        }
        if (e instanceof MinorThan
                || e instanceof MinorThanEquals
                || e instanceof GreaterThan
                || e instanceof GreaterThanEquals) {
            ComparisonOperator c = (ComparisonOperator) e;
            return c.getLeftExpression() instanceof Column && number(c.getRightExpression());
        }
        if (e instanceof Between b) {
            return !b.isNot() && b.getLeftExpression() instanceof Column && number(b.getBetweenExpressionStart());
        }
        return false;
    }

    /** A literal, a cast of one, a psql variable, or a list or array of them; not a boolean, NULL or a column. */
    private static boolean constant(Expression e) {
        if (e instanceof StringValue || e instanceof JdbcNamedParameter || e instanceof JdbcParameter) {
            return true;
        }
        if (number(e)) {
            return true;
        }
        if (e instanceof CastExpression c) {
            return constant(c.getLeftExpression());
        }
        if (e instanceof ExpressionList<?> list) {
            return !list.isEmpty() && list.stream().allMatch(x -> constant((Expression) x));
        }
        if (e instanceof ArrayConstructor a) {
            return a.getExpressions() != null
                    && !a.getExpressions().isEmpty()
                    && a.getExpressions().stream().allMatch(x -> constant((Expression) x));
        }
        if (e instanceof Function f && f.getName() != null && f.getName().equalsIgnoreCase("any")) {
            return f.getParameters() != null && constant(f.getParameters());
        }
        return false;
    }

    private static boolean number(Expression e) {
        Expression x = e instanceof SignedExpression s ? s.getExpression() : e;
        return x instanceof LongValue || x instanceof DoubleValue;
    }

    /** {@code NOT EXISTS (SELECT …)} or {@code col NOT IN (SELECT …)}. */
    private static boolean orphans(Expression e) {
        if (e instanceof NotExpression n && unwrap(n.getExpression()) instanceof ExistsExpression ex) {
            return !ex.isNot() && ex.getRightExpression() instanceof Select;
        }
        if (e instanceof ExistsExpression ex && ex.isNot()) {
            return ex.getRightExpression() instanceof Select;
        }
        return e instanceof InExpression in && in.isNot() && in.getRightExpression() instanceof Select;
    }
}
