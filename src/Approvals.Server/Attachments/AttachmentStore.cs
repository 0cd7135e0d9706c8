using System.Buffers;
using System.Security.Cryptography;
using Approvals.Persistence;
using Approvals.Persistence.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Attachments;

/// <summary>Where an attachment's bytes are and what they must hash to: what opening it needs, without its content.</summary>
public sealed record StoredAttachment(Guid Id, string Storage, string Sha256, long Size);

/// <summary>Stored bytes do not match their SHA-256 (or are gone): something outside the service changed them.</summary>
public sealed class AttachmentIntegrityException(string message) : Exception(message);

/// <summary>
/// Keeps attachments' bytes: in the attachment's row (<see cref="DatabaseStorage"/>), or, with a folder configured,
/// as files named by their SHA-256 (<see cref="FolderStorage"/>: <c>folder/ab/abcdef…</c>), written to a temporary file
/// and renamed into place, so a file is either whole or absent, and never overwritten: the same bytes uploaded twice are
/// one file. Every read checks the bytes against their SHA-256 and throws <see cref="AttachmentIntegrityException"/>
/// rather than serve something else.
/// </summary>
public sealed class AttachmentStore(AttachmentOptions options)
{
    public const string DatabaseStorage = "database";
    public const string FolderStorage = "folder";

    /// <summary>Where uploads are written before they are renamed into place (inside the folder: a rename is atomic only within one file system).</summary>
    public const string IncomingFolder = ".incoming";

    private const int ChunkSize = 81920;

    public AttachmentOptions Options => options;

    /// <summary>
    /// Reads <paramref name="source"/> to its end, hashing and counting as it goes, and keeps the bytes aside (in memory for
    /// database storage, in a temporary file for folder storage). Stops reading, keeps nothing and answers null as soon as
    /// the file is larger than <see cref="AttachmentOptions.MaxBytes"/>.
    /// </summary>
    public async Task<ReceivedFile?> ReceiveAsync(Stream source, CancellationToken cancellationToken)
    {
        string? temporary = null;
        Stream target;
        if (options.Folder is { } folder)
        {
            temporary = Path.Combine(folder, IncomingFolder, Guid.NewGuid().ToString("N") + ".part");
            target = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ChunkSize, FileOptions.Asynchronous);
        }
        else
        {
            target = new MemoryStream();
        }

        var received = new ReceivedFile(target, temporary);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > options.MaxBytes)
                {
                    await received.DisposeAsync();
                    return null;
                }

                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            if (target is FileStream file)
            {
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            received.Size = size;
            received.Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            received.Type = FileTypes.Sniff(target);
            return received;
        }
        catch
        {
            await received.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Puts received bytes where they belong and says so on <paramref name="row"/> (<see cref="Attachment.Storage"/>, and
    /// <see cref="Attachment.Content"/> for database storage). A file the folder already holds is kept as it is, after
    /// checking that it is what its name says.
    /// </summary>
    public async Task KeepAsync(ReceivedFile file, Attachment row, CancellationToken cancellationToken)
    {
        row.Sha256 = file.Sha256;
        row.Size = file.Size;
        if (options.Folder is null)
        {
            row.Storage = DatabaseStorage;
            row.Content = ((MemoryStream)file.Content).ToArray();
            return;
        }

        row.Storage = FolderStorage;
        row.Content = null;
        var path = PathOf(options.Folder, file.Sha256);
        await file.Content.DisposeAsync();
        if (File.Exists(path))
        {
            await VerifyFileAsync(row.Id, path, file.Sha256, file.Size, cancellationToken);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Move(file.TemporaryPath!, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The same bytes arrived in another upload at the same moment and were renamed into place first.
            await VerifyFileAsync(row.Id, path, file.Sha256, file.Size, cancellationToken);
        }
    }

    /// <summary>The attachment's bytes, checked against its SHA-256 and size before anything is returned.</summary>
    public async Task<Stream> OpenAsync(ApprovalsDbContext db, StoredAttachment stored, CancellationToken cancellationToken)
    {
        if (stored.Storage == DatabaseStorage)
        {
            var content = await db.Attachments.AsNoTracking().Where(a => a.Id == stored.Id).Select(a => a.Content).FirstOrDefaultAsync(cancellationToken)
                ?? throw new AttachmentIntegrityException($"Attachment {stored.Id} is stored in the database but its row holds no content.");
            var actual = Convert.ToHexStringLower(SHA256.HashData(content));
            if (actual != stored.Sha256.Trim() || content.LongLength != stored.Size)
            {
                throw new AttachmentIntegrityException(
                    $"Attachment {stored.Id}: the content in the database ({content.LongLength} bytes, SHA-256 {actual}) is not what was stored ({stored.Size} bytes, SHA-256 {stored.Sha256}).");
            }

            return new MemoryStream(content, writable: false);
        }

        if (stored.Storage != FolderStorage)
        {
            throw new AttachmentIntegrityException($"Attachment {stored.Id} has storage '{stored.Storage}', which this service does not know.");
        }

        var folder = options.Folder ?? throw new AttachmentIntegrityException(
            $"Attachment {stored.Id} is stored in the attachments folder, but {AttachmentOptions.FolderKey} is not set.");
        var path = PathOf(folder, stored.Sha256.Trim());
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AttachmentIntegrityException($"Attachment {stored.Id}: its file {path} is missing.");
        }

        try
        {
            // Hash the very handle that is served, so a file swapped after the check is not what goes out.
            await CheckAsync(stored.Id, path, stream, stored.Sha256.Trim(), stored.Size, cancellationToken);
            stream.Position = 0;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the folder keeps the file with this SHA-256: a subfolder per first two hex digits keeps folders small.</summary>
    public static string PathOf(string folder, string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new AttachmentIntegrityException($"'{sha256}' is not a SHA-256 in lower-case hex; no file is named by it.");
        }

        return Path.Combine(folder, sha256[..2], sha256);
    }

    private static async Task VerifyFileAsync(Guid id, string path, string sha256, long size, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await CheckAsync(id, path, stream, sha256, size, cancellationToken);
    }

    private static async Task CheckAsync(Guid id, string path, Stream stream, string sha256, long size, CancellationToken cancellationToken)
    {
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (actual != sha256 || stream.Length != size)
        {
            throw new AttachmentIntegrityException(
                $"Attachment {id}: the file {path} ({stream.Length} bytes, SHA-256 {actual}) is not what its name says ({size} bytes, SHA-256 {sha256}).");
        }
    }
}

/// <summary>An upload read to its end and kept aside, not yet stored. Disposing it removes what is left of it.</summary>
public sealed class ReceivedFile(Stream content, string? temporaryPath) : IAsyncDisposable
{
    internal Stream Content { get; } = content;

    internal string? TemporaryPath { get; } = temporaryPath;

    public long Size { get; internal set; }

    /// <summary>Lower-case hex.</summary>
    public string Sha256 { get; internal set; } = "";

    /// <summary>What the content is, from its bytes; null if none of the types the service knows.</summary>
    public FileType? Type { get; internal set; }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        if (TemporaryPath is not null)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Left in the incoming folder; it is named *.part and referenced by nothing.
            }
        }
    }
}
