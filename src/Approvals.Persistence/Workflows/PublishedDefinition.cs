using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>
/// A definition version as published: its text and hash. Instances run on this text, not on the file it came
/// from, so editing the file never changes a running instance; republishing changed text under the same
/// version is refused.
/// </summary>
public sealed class PublishedDefinition
{
    public required string Id { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public required string Content { get; set; }

    public required string ContentSha256 { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

internal sealed class PublishedDefinitionConfiguration : IEntityTypeConfiguration<PublishedDefinition>
{
    public void Configure(EntityTypeBuilder<PublishedDefinition> builder)
    {
        builder.ToTable("workflow_definitions");
        builder.HasKey(d => new { d.Id, d.Version });
        builder.Property(d => d.Id).HasMaxLength(100);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.ContentSha256).HasMaxLength(64).IsFixedLength();
    }
}
