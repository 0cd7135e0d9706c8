using Approvals.Engine.Runtime;
using Approvals.Persistence.Outbox;
using Approvals.Persistence.Workflows;

namespace Approvals.UnitTests.Persistence;

/// <summary>An outbox row's body: written once by whoever sends the message, read by the relay, also from rows written before this record existed.</summary>
public sealed class OutboxEnvelopeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_body_reads_back_with_its_addressee_its_envelope_and_its_own_data_including_empty_values()
    {
        var data = MessageEnvelope.Create(Guid.NewGuid(), "p-1", "姚庄镇北鹤片区整治项目", "jiaxing@2", At);
        data[MessageEnvelope.TaskId] = Guid.NewGuid().ToString();
        data["opinion"] = null;
        var written = new OutboxEnvelope(Party.Department("water-resources", "330421"), data);

        var read = OutboxEnvelope.Read(written.Write());

        Assert.Equal(written.Addressee, read.Addressee);
        Assert.Equal(data.OrderBy(d => d.Key), read.Data.OrderBy(d => d.Key));
        Assert.Contains("姚庄镇", written.Write(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_written_by_the_earlier_anonymous_shape_still_reads()
    {
        // How steps wrote outbox bodies before the envelope had a type of its own: rows still waiting after an upgrade.
        var body = StateDocument.Write(new { addressee = new Party("role", "village-committee", "330421102201"), data = new Dictionary<string, string?> { ["village"] = "330421102201" } });
        var unaddressed = StateDocument.Write(new { addressee = (Party?)null, data = new Dictionary<string, string?> { ["stepId"] = "vote" } });

        Assert.Equal(new Party("role", "village-committee", "330421102201"), OutboxEnvelope.Read(body).Addressee);
        Assert.Equal("330421102201", OutboxEnvelope.Read(body).Data[MessageEnvelope.Village]);
        Assert.Null(OutboxEnvelope.Read(unaddressed).Addressee);
        Assert.Equal("vote", OutboxEnvelope.Read(unaddressed).Data[MessageEnvelope.StepId]);
    }

    [Fact]
    public void A_row_is_available_at_once_under_its_type()
    {
        var id = Guid.NewGuid();
        var row = new OutboxEnvelope(null, new Dictionary<string, string?>()).ToRow(id, MessageTypes.TaskReminded, At);

        Assert.Equal((id, MessageTypes.TaskReminded, At, At, 0), (row.Id, row.MessageType, row.CreatedAt, row.AvailableAt, row.Attempts));
        Assert.Null(row.SentAt);
    }
}
