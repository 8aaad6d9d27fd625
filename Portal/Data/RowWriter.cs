using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Common;

namespace Portal.Data;

/// <summary>Set-based writes for the delivery engine's hot paths (a publication's event and fan-out, a batch of
/// attempt results) without the change tracker: multi-row INSERTs, and UPDATEs of the changed columns only. Tables,
/// columns, value converters and parameter types all come from the EF model, so a row is stored exactly as
/// <c>SaveChanges</c> would store it, on every provider. Commands run on the context's connection and current
/// transaction; like <c>SaveChanges</c>, a context with a tenant refuses to write another tenant's rows.
/// Profiling the throughput benchmark showed EF's per-entity save machinery (change detection, command batching,
/// foreign-key ordering) as the largest single share of a delivery's cost.</summary>
public static class RowWriter
{
    /// <summary>Parameters per command: under SQL Server's 2,100 (SQLite and PostgreSQL allow more).</summary>
    private const int MaxParameters = 2000;

    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Table>> Tables = new();

    /// <summary>Inserts every row (all mapped columns).</summary>
    public static async Task InsertAsync<T>(PortalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
            return;
        await db.Database.OpenConnectionAsync(cancellationToken); // counted: a no-op when the caller opened it
        try
        {
            await InsertOpenAsync(db, rows, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task InsertOpenAsync<T>(PortalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var table = TableOf(db, typeof(T));
        foreach (var row in rows)
            EnsureSameTenant(db, row);

        if (ExecutesRowByRow(db))
        {
            // SQLite runs in-process: one prepared single-row statement executed per row is its fastest bulk insert
            // (Microsoft.Data.Sqlite looks each parameter up by name, so one statement with hundreds of
            // parameters costs quadratic time to bind).
            await using var command = CreateCommand(db);
            command.CommandText = table.InsertPrefix + "(" + Placeholders(table, table.Columns.Length) + ");";
            foreach (var row in rows)
            {
                command.Parameters.Clear();
                foreach (var column in table.Columns)
                    column.Bind(command, row);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        // A database server: as few round trips as the parameter limit allows.
        var perCommand = Math.Max(1, MaxParameters / table.Columns.Length);
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = CreateCommand(db);
            var sql = new StringBuilder(table.InsertPrefix, table.InsertPrefix.Length + count * table.Columns.Length * 8);
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                var row = rows[start + r];
                for (var c = 0; c < table.Columns.Length; c++)
                    sql.Append(c == 0 ? "" : ", ").Append(table.Columns[c].Bind(command, row));
                sql.Append(')');
            }

            command.CommandText = sql.Append(';').ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The row's column values now, to compare with after a change (see <see cref="UpdateChangedAsync{T}"/>).</summary>
    public static object?[] Snapshot<T>(PortalDbContext db, T row) where T : class
    {
        var columns = TableOf(db, typeof(T)).Columns;
        var values = new object?[columns.Length];
        for (var c = 0; c < columns.Length; c++)
            values[c] = columns[c].Read(row);
        return values;
    }

    /// <summary>Writes the columns that differ from each row's snapshot, by primary key (rows with no change are
    /// skipped). Columns nobody changed are left alone, so a concurrent write to another column is not overwritten.
    /// With <paramref name="fence"/> (a property name) a row is written only while that column still holds its
    /// snapshot value (e.g. a lease owner): a row that moved on meanwhile is left as it is.</summary>
    /// <returns>How many rows the database updated.</returns>
    public static async Task<int> UpdateChangedAsync<T>(PortalDbContext db, IReadOnlyList<(T Row, object?[] Before)> rows,
        CancellationToken cancellationToken, string? fence = null) where T : class
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await UpdateChangedOpenAsync(db, rows, fence, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<int> UpdateChangedOpenAsync<T>(PortalDbContext db, IReadOnlyList<(T Row, object?[] Before)> rows,
        string? fence, CancellationToken cancellationToken) where T : class
    {
        var table = TableOf(db, typeof(T));
        var fenceIndex = fence is null ? -1 : Array.FindIndex(table.Columns, c => c.PropertyName == fence);
        if (fence is not null && fenceIndex < 0)
            throw new ArgumentException($"{typeof(T).Name} has no column for property {fence}.", nameof(fence));
        var fenceColumn = fenceIndex < 0 ? null : table.Columns[fenceIndex];
        if (db.Database.IsNpgsql())
            return await UpdateFromValuesAsync(db, table, rows, fenceColumn, fenceIndex, cancellationToken);
        var rowByRow = ExecutesRowByRow(db);
        var updated = 0;
        var prepared = new Dictionary<string, DbCommand>(); // SQLite: one prepared statement per set of changed columns
        DbCommand? batch = null; // a server: many statements per round trip
        var sql = new StringBuilder();
        try
        {
            foreach (var (row, before) in rows)
            {
                EnsureSameTenant(db, row);
                var changed = Changed(table, row, before);

                if (changed.Count == 0)
                    continue;
                if (rowByRow)
                {
                    var shape = string.Join(",", changed.Select(c => c.Name));
                    if (!prepared.TryGetValue(shape, out var command))
                    {
                        command = CreateCommand(db);
                        var conditions = table.Key.Length + (fenceColumn is null ? 0 : 1);
                        AppendUpdate(sql, table, changed,
                            changed.Select((_, i) => table.Sql.GenerateParameterNamePlaceholder(Placeholder(i))).ToList(),
                            table.Key.Select((_, i) => table.Sql.GenerateParameterNamePlaceholder(Placeholder(changed.Count + i))).ToList(),
                            fenceColumn, table.Sql.GenerateParameterNamePlaceholder(Placeholder(changed.Count + conditions - 1)));
                        command.CommandText = sql.ToString();
                        sql.Clear();
                        prepared[shape] = command;
                    }

                    command.Parameters.Clear();
                    foreach (var column in changed.Concat(table.Key))
                        column.Bind(command, row);
                    fenceColumn?.BindValue(command, before[fenceIndex]);
                    updated += await command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }

                if (batch is not null && batch.Parameters.Count + changed.Count + table.Key.Length > MaxParameters)
                {
                    updated += await ExecuteAsync(batch, sql, cancellationToken);
                    await batch.DisposeAsync();
                    batch = null;
                }

                batch ??= CreateCommand(db);
                var command1 = batch;
                AppendUpdate(sql, table, changed, changed.Select(c => c.Bind(command1, row)).ToList(),
                    table.Key.Select(c => c.Bind(command1, row)).ToList(),
                    fenceColumn, fenceColumn?.BindValue(command1, before[fenceIndex]));
            }

            if (batch is not null)
                updated += await ExecuteAsync(batch, sql, cancellationToken);
            return updated;
        }
        finally
        {
            if (batch is not null)
                await batch.DisposeAsync();
            foreach (var command in prepared.Values)
                await command.DisposeAsync();
        }
    }

    /// <summary>PostgreSQL: one <c>UPDATE … FROM (VALUES …)</c> per set of changed columns, where the other servers
    /// get one UPDATE per row: the server parses, plans and runs one statement for a recorder's whole batch. The first
    /// row's values carry their column's type (a NULL parameter alone would be text). The join is kept to index
    /// lookups for the rest of the transaction (hash and merge joins off).</summary>
    private static async Task<int> UpdateFromValuesAsync<T>(PortalDbContext db, Table table, IReadOnlyList<(T Row, object?[] Before)> rows,
        Column? fence, int fenceIndex, CancellationToken cancellationToken) where T : class
    {
        var shapes = new Dictionary<string, (List<Column> Changed, List<(T Row, object?[] Before)> Rows)>();
        foreach (var (row, before) in rows)
        {
            EnsureSameTenant(db, row);
            var changed = Changed(table, row, before);
            if (changed.Count == 0)
                continue;
            var shape = string.Join(",", changed.Select(c => c.Name));
            if (!shapes.TryGetValue(shape, out var group))
                shapes[shape] = group = (changed, []);
            group.Rows.Add((row, before));
        }

        var updated = 0;
        var sql = new StringBuilder();
        foreach (var (changed, group) in shapes.Values)
        {
            var columns = changed.Concat(table.Key).Concat(fence is null ? [] : [fence]).ToList();
            var perCommand = Math.Max(1, MaxParameters / columns.Count);
            for (var start = 0; start < group.Count; start += perCommand)
            {
                await using var command = CreateCommand(db);
                // Index lookups by key, whatever the statistics say: for a few hundred keys against a table of tens of
                // thousands of rows the planner prefers hashing a sequential scan of the whole table, which then runs
                // once per batch (seen as the database's CPU per delivery tripling in some bench runs).
                sql.Append("SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true); ");
                sql.Append(table.UpdatePrefix.Replace(" SET ", " AS t SET ", StringComparison.Ordinal));
                for (var c = 0; c < changed.Count; c++)
                    sql.Append(c == 0 ? "" : ", ").Append(changed[c].Name).Append(" = v.c").Append(c.ToString(CultureInfo.InvariantCulture));
                sql.Append(" FROM (VALUES ");
                var count = Math.Min(perCommand, group.Count - start);
                for (var r = 0; r < count; r++)
                {
                    var (row, before) = group[start + r];
                    sql.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var value = c < changed.Count + table.Key.Length ? columns[c].Bind(command, row) : columns[c].BindValue(command, before[fenceIndex]);
                        sql.Append(c == 0 ? "" : ", ").Append(r == 0 ? $"CAST({value} AS {columns[c].StoreType})" : value);
                    }

                    sql.Append(')');
                }

                sql.Append(") AS v(").AppendJoin(", ", columns.Select((_, c) => "c" + c.ToString(CultureInfo.InvariantCulture))).Append(") WHERE ");
                for (var k = 0; k < table.Key.Length; k++)
                    sql.Append(k == 0 ? "" : " AND ").Append("t.").Append(table.Key[k].Name).Append(" = v.c")
                        .Append((changed.Count + k).ToString(CultureInfo.InvariantCulture));
                if (fence is not null)
                    sql.Append(" AND t.").Append(fence.Name).Append(" = v.c").Append((columns.Count - 1).ToString(CultureInfo.InvariantCulture));
                updated += await ExecuteAsync(command, sql, cancellationToken);
            }
        }

        return updated;
    }

    /// <summary>The row's non-key columns whose value differs from its snapshot.</summary>
    private static List<Column> Changed(Table table, object row, object?[] before)
    {
        var changed = new List<Column>();
        for (var c = 0; c < table.Columns.Length; c++)
        {
            if (!table.Columns[c].IsKey && !Equals(table.Columns[c].Read(row), before[c]))
                changed.Add(table.Columns[c]);
        }

        return changed;
    }

    private static void AppendUpdate(StringBuilder sql, Table table, List<Column> changed, List<string> values, List<string> keys,
        Column? fence = null, string? fenceValue = null)
    {
        sql.Append(table.UpdatePrefix);
        for (var i = 0; i < changed.Count; i++)
            sql.Append(i == 0 ? "" : ", ").Append(changed[i].Name).Append(" = ").Append(values[i]);
        sql.Append(" WHERE ");
        for (var k = 0; k < table.Key.Length; k++)
            sql.Append(k == 0 ? "" : " AND ").Append(table.Key[k].Name).Append(" = ").Append(keys[k]);
        if (fence is not null)
            sql.Append(" AND ").Append(fence.Name).Append(" = ").Append(fenceValue);
        sql.Append(';');
    }

    private static bool ExecutesRowByRow(PortalDbContext db) => db.Database.IsSqlite();

    private static string Placeholders(Table table, int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(Placeholder).Select(p => table.Sql.GenerateParameterNamePlaceholder(p)));

    private static string Placeholder(int index) => "p" + index.ToString(CultureInfo.InvariantCulture);

    private static async Task<int> ExecuteAsync(DbCommand command, StringBuilder sql, CancellationToken cancellationToken)
    {
        command.CommandText = sql.ToString();
        sql.Clear();
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void EnsureSameTenant(PortalDbContext db, object row)
    {
        if (db.CurrentTenantId is { } tenantId && row is ITenantOwned owned && owned.TenantId != tenantId)
            throw new InvalidOperationException($"Refused to write a {row.GetType().Name} of another tenant.");
    }

    private static DbCommand CreateCommand(PortalDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
            command.CommandTimeout = timeout;
        return command;
    }

    private static Table TableOf(PortalDbContext db, Type type) =>
        Tables.GetValue(db.Model, _ => new ConcurrentDictionary<Type, Table>())
            .GetOrAdd(type, static (t, context) => new Table(context, t), db);

    /// <summary>One entity type's table, read from the model once per model.</summary>
    private sealed class Table
    {
        public Table(PortalDbContext db, Type type)
        {
            var entityType = db.Model.FindEntityType(type)
                             ?? throw new InvalidOperationException($"{type.Name} is not an entity of the model.");
            if (entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entityType.GetComplexProperties().Any())
                throw new NotSupportedException($"{type.Name} has owned or complex parts; save it with SaveChanges.");
            var name = entityType.GetTableName() ?? throw new NotSupportedException($"{type.Name} is not mapped to a table.");
            var store = StoreObjectIdentifier.Table(name, entityType.GetSchema());
            var sql = Sql = db.GetService<ISqlGenerationHelper>();
            var key = entityType.FindPrimaryKey()?.Properties
                      ?? throw new NotSupportedException($"{type.Name} has no primary key.");

            Columns = entityType.GetProperties()
                .Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName(store)!), key.Contains(p), sql))
                .ToArray();
            Key = Columns.Where(c => c.IsKey).ToArray();
            var table = sql.DelimitIdentifier(name, entityType.GetSchema());
            InsertPrefix = $"INSERT INTO {table} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ";
            UpdatePrefix = $"UPDATE {table} SET ";
        }

        public ISqlGenerationHelper Sql { get; }

        public Column[] Columns { get; }

        public Column[] Key { get; }

        public string InsertPrefix { get; }

        public string UpdatePrefix { get; }
    }

    private sealed class Column
    {
        private readonly IClrPropertyGetter _getter;
        private readonly RelationalTypeMapping _mapping;
        private readonly bool _nullable;
        private readonly ISqlGenerationHelper _sql;

        public Column(IProperty property, string name, bool isKey, ISqlGenerationHelper sql)
        {
            if (property.IsShadowProperty())
                throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property.");
            if (property.ValueGenerated != ValueGenerated.Never && isKey)
                throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} is generated by the database.");
            _getter = property.GetGetter();
            _mapping = property.GetRelationalTypeMapping();
            StoreType = property.GetColumnType();
            _nullable = property.IsNullable;
            _sql = sql;
            Name = name;
            PropertyName = property.Name;
            IsKey = isKey;
        }

        public string Name { get; }

        public string PropertyName { get; }

        /// <summary>The column's database type, e.g. <c>timestamp with time zone</c>.</summary>
        public string StoreType { get; }

        public bool IsKey { get; }

        public object? Read(object row) => _getter.GetClrValueUsingContainingEntity(row);

        /// <summary>Adds the row's value as the command's next parameter (converted to the provider's type by the
        /// property's mapping, as SaveChanges does) and returns its placeholder.</summary>
        public string Bind(DbCommand command, object row) => BindValue(command, Read(row));

        /// <summary>Adds <paramref name="value"/> (a value of this column's property) as the command's next parameter.</summary>
        public string BindValue(DbCommand command, object? value)
        {
            var name = Placeholder(command.Parameters.Count);
            command.Parameters.Add(_mapping.CreateParameter(command, _sql.GenerateParameterName(name), value, _nullable));
            return _sql.GenerateParameterNamePlaceholder(name);
        }
    }
}
