using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>Who is calling: an operator, or the holder of one account's key.</summary>
public sealed record Caller(string KeyHash, bool IsOperator, string? Account)
{
    /// <summary>True when the caller may read <paramref name="account"/>.</summary>
    public bool MayRead(string account) => IsOperator || Account == account;
}

/// <summary>
/// API keys: random 256-bit secrets shown once at creation and stored only as their SHA-256 hash.
/// A key is sent as <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>.
/// </summary>
public sealed class ApiKeys
{
    /// <summary>Role of a key that may do everything.</summary>
    public const string OperatorRole = "operator";

    /// <summary>Role of a key bound to one account.</summary>
    public const string AccountRole = "account";

    private readonly IClearingStore _store;
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _byHash = new(StringComparer.Ordinal);

    /// <summary>The keys of <paramref name="store"/>.</summary>
    public ApiKeys(IClearingStore store)
    {
        _store = store;
        foreach (var k in store.Keys())
            _byHash[k.Hash] = k;
    }

    /// <summary>Creates a key; returns the secret (the only time it exists outside the caller's hands).</summary>
    public static string Create(IClearingStore store, string role, string? account)
    {
        if (role != OperatorRole && role != AccountRole)
            throw new ArgumentException($"role must be \"{OperatorRole}\" or \"{AccountRole}\"", nameof(role));
        if (role == AccountRole && string.IsNullOrEmpty(account))
            throw new ArgumentException("an account key needs an account", nameof(account));
        var key = "sl_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        store.AddKey(new ApiKeyRecord(Hash(key), role, role == AccountRole ? account : null));
        return key;
    }

    /// <summary>Creates and registers a key in this running set.</summary>
    public string Create(string role, string? account)
    {
        var key = Create(_store, role, account);
        _byHash[Hash(key)] = new ApiKeyRecord(Hash(key), role, role == AccountRole ? account : null);
        return key;
    }

    /// <summary>SHA-256 of a key, lower-case hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key sent with a request, or null.</summary>
    public static string? RawKey(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth[7..].Trim();
        var header = ctx.Request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    /// <summary>The caller of a request (cached on the context), or null when the key is missing or unknown.</summary>
    public Caller? Authenticate(HttpContext ctx)
    {
        if (ctx.Items.TryGetValue(typeof(Caller), out var cached))
            return cached as Caller;
        Caller? caller = null;
        if (RawKey(ctx) is { } key && Find(Hash(key)) is { } rec)
            caller = new Caller(rec.Hash, rec.Role == OperatorRole, rec.Account);
        ctx.Items[typeof(Caller)] = caller;
        return caller;
    }

    private ApiKeyRecord? Find(string hash)
    {
        if (_byHash.TryGetValue(hash, out var rec))
            return rec;
        // a key created by another process (socialloss serve --create-operator-key) since start
        if (_store.FindKey(hash) is { } stored)
            return _byHash[hash] = stored;
        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
