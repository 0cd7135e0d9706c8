namespace Approvals.Documents.Tests;

public sealed class LineBreakerTests
{
    private const double Pitch = 156 * 72 / 25.4 / 28; // one character of the body grid

    [Fact]
    public void Body_lines_hold_28_characters()
    {
        var text = LineBreaker.CodePoints(new string('田', 70));

        var lines = LineBreaker.Wrap(text, 26 * Pitch, 28 * Pitch, _ => Pitch);

        Assert.Equal([26, 28, 16], lines.Select(l => l.End - l.Start));
    }

    [Theory]
    [InlineData('，')]
    [InlineData('。')]
    [InlineData('、')]
    [InlineData('；')]
    [InlineData('：')]
    [InlineData('）')]
    [InlineData('」')]
    public void Closing_punctuation_does_not_start_a_line(char punctuation)
    {
        // 10 characters fit; the 11th is punctuation, so the 10th moves down with it.
        var text = LineBreaker.CodePoints(new string('田', 10) + punctuation + new string('田', 5));

        var lines = LineBreaker.Wrap(text, 10 * Pitch, 10 * Pitch, _ => Pitch);

        Assert.Equal([9, 7], lines.Select(l => l.End - l.Start));
        Assert.All(lines.Skip(1), l => Assert.NotEqual(punctuation, (char)text[l.Start]));
    }

    [Fact]
    public void Opening_punctuation_does_not_end_a_line()
    {
        var text = LineBreaker.CodePoints(new string('田', 9) + "（二）田田");

        var lines = LineBreaker.Wrap(text, 10 * Pitch, 10 * Pitch, _ => Pitch);

        Assert.Equal('（', (char)text[lines[1].Start]);
    }

    [Fact]
    public void Numbers_stay_whole_and_line_feeds_break()
    {
        var text = LineBreaker.CodePoints("田田田田田田田田2856.37公顷\n第二行");

        var lines = LineBreaker.Wrap(text, 10 * Pitch, 10 * Pitch, c => c < 128 ? Pitch / 2 : Pitch);

        Assert.Equal("2856.37公顷", Text(text, lines[1]));
        Assert.Equal("第二行", Text(text, lines[2]));
        Assert.False(lines[2].Wrapped);
    }

    private static string Text(int[] text, TextLine line) =>
        string.Concat(text[line.Start..line.End].Select(char.ConvertFromUtf32));
}
