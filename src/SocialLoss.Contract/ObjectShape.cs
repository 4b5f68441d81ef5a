namespace SocialLoss.Contract;

/// <summary>The fields a JSON object may hold (a command, or an object inside one such as <c>adl</c> or a margin tier); any other is an error.</summary>
/// <param name="Name">How messages name the object: the command type, or the nested field's path.</param>
/// <param name="Fields">Its fields, in the order they are read and checked.</param>
public sealed record ObjectShape(string Name, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>The field called <paramref name="name"/>, or null.</summary>
    public FieldSpec? Find(string name)
    {
        foreach (var f in Fields)
            if (f.Name == name)
                return f;
        return null;
    }

    /// <summary>The field called <paramref name="name"/>; a name the shape lacks is a bug in a reader, not bad input.</summary>
    public FieldSpec Get(string name) => Find(name) ?? throw new ArgumentException($"{Name} has no field \"{name}\"", nameof(name));

    /// <summary>The field names, comma separated, for messages.</summary>
    public string Names => string.Join(", ", Fields.Select(f => f.Name));
}
