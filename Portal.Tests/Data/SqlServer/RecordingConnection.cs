using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.SqlClient;

namespace Portal.Tests.Data.SqlServer;

/// <summary>A stand-in for a SQL Server connection: Portal's real code runs on a SQL Server context against it, and
/// every statement it would send is recorded instead. Readers return the scripted <see cref="Results"/> in turn (then
/// empty results), so code that reads before it writes reaches its writes; parameters are real <see cref="SqlParameter"/>s,
/// as the SQL Server type mappings configure them.</summary>
[SuppressMessage("Design", "CA1010", Justification = "A test double.")]
internal sealed class RecordingConnection : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    public List<string> Statements { get; } = [];

    public Queue<DataTable> Results { get; } = new();

    /// <summary>A result of one column of <typeparamref name="T"/> with the given rows.</summary>
    public RecordingConnection Returns<T>(params T[] values)
    {
        var table = new DataTable();
        table.Columns.Add("c0", Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
        foreach (var value in values)
            table.Rows.Add(value is null ? DBNull.Value : value);
        Results.Enqueue(table);
        return this;
    }

    [AllowNull]
    public override string ConnectionString { get; set; } = "Server=none";
    public override string Database => "Portal";
    public override string DataSource => "none";
    public override string ServerVersion => "16.00.0000";
    public override ConnectionState State => _state;

    public override void ChangeDatabase(string databaseName) { }

    public override void Close() => _state = ConnectionState.Closed;

    public override void Open() => _state = ConnectionState.Open;

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new Transaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new Command(this);

    private sealed class Transaction(RecordingConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;
        protected override DbConnection DbConnection => connection;
        public override void Commit() { }
        public override void Rollback() { }
    }

    private sealed class Command(RecordingConnection connection) : DbCommand
    {
        private readonly DbParameterCollection _parameters = new SqlCommand().Parameters;

        [AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; }
        public override CommandType CommandType { get; set; } = CommandType.Text;
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; } = connection;
        protected override DbParameterCollection DbParameterCollection => _parameters;
        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel() { }

        public override void Prepare() { }

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        public override int ExecuteNonQuery()
        {
            connection.Statements.Add(CommandText);
            return 1;
        }

        public override object? ExecuteScalar()
        {
            connection.Statements.Add(CommandText);
            return null;
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            connection.Statements.Add(CommandText);
            return (connection.Results.TryDequeue(out var table) ? table : new DataTable()).CreateDataReader();
        }
    }
}
