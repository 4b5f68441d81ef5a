namespace SocialLoss.Storage;

/// <summary>A write that did not become durable (failed commit, fsync, full disk): nothing of it was acknowledged.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
