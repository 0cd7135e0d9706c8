namespace Approvals.Server.Hosting;

/// <summary>A setting is missing or wrong. The message names the key and says what is accepted.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
