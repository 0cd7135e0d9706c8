using System.Text;
using Approvals.Server.Attachments;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Approvals.Server.Apis.Attachments;

/// <summary>
/// An upload's form, read from the body part by part (no form binding, so the file is never buffered whole): the file
/// streams into the store and is cut off at its limit, the short fields are read no further than a few kilobytes.
/// Then checked: what is wrong is named field by field.
/// </summary>
internal sealed class UploadForm : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Purposes = ["material", "minutes", "opinion", "other"];

    private const int MaxFieldBytes = 4096;
    private const int MaxMaterialLength = 200;

    private UploadForm()
    {
    }

    public string? Purpose { get; private set; }

    public string? Material { get; private set; }

    public string? FileName { get; private set; }

    public ReceivedFile? File { get; private set; }

    /// <summary>The file was larger than the store takes: nothing of it was kept.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>Why the body could not be read as a form at all, if it could not.</summary>
    public string? Malformed { get; private set; }

    /// <summary>What is wrong, by field.</summary>
    public Dictionary<string, string[]> Errors { get; } = [];

    public static async Task<UploadForm> ReadAsync(HttpRequest request, AttachmentStore store, CancellationToken cancellationToken)
    {
        var form = new UploadForm();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            form.Malformed = "请以 multipart/form-data 上传文件（字段 file）";
            return form;
        }

        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "file" when form.File is not null:
                        form.Errors["file"] = ["每次只能上传一个文件"];
                        break;
                    case "file":
                        form.FileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                        form.File = await store.ReceiveAsync(section.Body, cancellationToken);
                        if (form.File is null)
                        {
                            form.TooLarge = true;
                            return form;
                        }

                        break;
                    case "purpose":
                        form.Purpose = await form.ReadFieldAsync(section.Body, "purpose", cancellationToken);
                        break;
                    case "material":
                        form.Material = await form.ReadFieldAsync(section.Body, "material", cancellationToken);
                        break;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            form.TooLarge = true;
        }
        catch (InvalidDataException)
        {
            form.Malformed = "表单格式有误（multipart/form-data 无法读取）";
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The body ended before the form's closing boundary: a cut connection, or a client that sent less than it said.
            form.Malformed = "表单不完整（multipart/form-data 在结束前中断），请重新上传";
        }

        return form;
    }

    /// <summary>Checks the fields (naming each problem in <see cref="Errors"/>) and answers the file's type, if the store accepts it.</summary>
    public FileType? Check(AttachmentOptions options)
    {
        var type = options.Accepts(File?.Type);
        if (File is null)
        {
            Errors.TryAdd("file", ["请选择要上传的文件"]);
        }
        else if (File.Size == 0)
        {
            Errors.TryAdd("file", ["文件是空的"]);
        }

        Purpose = Purpose?.Trim();
        if (string.IsNullOrEmpty(Purpose))
        {
            Errors.TryAdd("purpose", [$"请注明用途：{string.Join("、", Purposes)}"]);
        }
        else if (!Purposes.Contains(Purpose))
        {
            Errors.TryAdd("purpose", [$"用途须为 {string.Join("、", Purposes)} 之一"]);
        }

        Material = string.IsNullOrWhiteSpace(Material) ? null : Material.Trim();
        if (Material is not null && Purpose is not null && Purpose != "material" && Purposes.Contains(Purpose))
        {
            Errors.TryAdd("material", ["只有用途为 material（申报材料）时才填写材料名称"]);
        }
        else if (Material is { Length: > MaxMaterialLength })
        {
            Errors.TryAdd("material", [$"材料名称最多{MaxMaterialLength}个字"]);
        }

        return type;
    }

    public ValueTask DisposeAsync() => File?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>A short text field, read no further than a few kilobytes.</summary>
    private async Task<string?> ReadFieldAsync(Stream body, string field, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxFieldBytes)
        {
            Errors[field] = ["内容过长"];
            return null;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
