namespace SocialLoss.Storage.Tests;

/// <summary>How a <c>--db</c> value picks its store (no server needed).</summary>
public sealed class ClearingStoreTests
{
    [Theory]
    [InlineData("postgres://u:p@db.example:5433/clearing", true)]
    [InlineData("postgresql://localhost/clearing", true)]
    [InlineData("POSTGRESQL://localhost/clearing", true)]
    [InlineData("Host=127.0.0.1;Username=u;Password=p;Database=d", true)]
    [InlineData("Username=u; host = db;Database=d", true)]
    [InlineData("Server=db;Database=d", true)]
    [InlineData("socialloss.db", false)]
    [InlineData("/var/lib/socialloss/journal.db", false)]
    [InlineData("data/run=1.db", false)]
    [InlineData("ghost=1.db", false)]
    public void Postgres_is_chosen_by_uri_scheme_or_host_key(string db, bool postgres) =>
        Assert.Equal(postgres, PostgresConnectionString.Matches(db));

    [Fact]
    public void A_uri_becomes_npgsql_settings()
    {
        var cs = PostgresConnectionString.Parse("postgres://clear%40ing:p%3Ass%2Fw@db.example:5433/sl%20main?sslmode=require&search_path=venue1&application_name=sl");
        Assert.Equal("db.example", cs.Host);
        Assert.Equal(5433, cs.Port);
        Assert.Equal("clear@ing", cs.Username);
        Assert.Equal("p:ss/w", cs.Password);
        Assert.Equal("sl main", cs.Database);
        Assert.Equal(Npgsql.SslMode.Require, cs.SslMode);
        Assert.Equal("venue1", cs.SearchPath);
        Assert.Equal("sl", cs.ApplicationName);
    }

    [Fact]
    public void A_uri_without_port_or_password_keeps_the_defaults()
    {
        var cs = PostgresConnectionString.Parse("postgresql://me@localhost/clearing");
        Assert.Equal(5432, cs.Port);
        Assert.Equal("me", cs.Username);
        Assert.Null(cs.Password);
    }

    [Fact]
    public void Describe_never_shows_the_password()
    {
        Assert.Equal("postgresql://u@h:5433/d", ClearingStore.Describe("postgres://u:secret@h:5433/d"));
        Assert.Equal("postgresql://u@h:5432/d", ClearingStore.Describe("Host=h;Username=u;Password=secret;Database=d"));
        Assert.Equal("journal.db", ClearingStore.Describe("journal.db"));
    }

    [Theory]
    [InlineData("postgres://h/d?nonsense=1")]
    [InlineData("Host=h;Nonsense=1")]
    [InlineData("postgres://h/d?sslmode")]
    public void A_bad_connection_string_is_a_storage_error(string db)
    {
        var e = Assert.Throws<StorageException>(() => ClearingStore.Open(db));
        Assert.Contains("not a PostgreSQL connection string or URI", e.Message);
    }

    [Fact]
    public void A_path_opens_sqlite()
    {
        var dir = Directory.CreateTempSubdirectory("socialloss-factory-").FullName;
        try
        {
            using var store = ClearingStore.Open(Path.Combine(dir, "j.db"));
            Assert.IsType<SqliteStore>(store);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
