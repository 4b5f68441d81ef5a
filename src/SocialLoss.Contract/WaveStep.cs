using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// One step of a command stream as the wave analysis walks it: the commands executed together (a simulator
/// path step is a <c>book</c> and a <c>mark</c>; a JSONL file gives one command per step) and when.
/// </summary>
/// <param name="Commands">The commands, in order.</param>
/// <param name="FirstLine">Input line of the first command (the engine numbers its events by it).</param>
/// <param name="Time">When the step happened (the commands' <c>time</c>, or the path step's), or null when unknown.</param>
public sealed record WaveStep(IReadOnlyList<Command> Commands, int FirstLine, Timestamp? Time);
