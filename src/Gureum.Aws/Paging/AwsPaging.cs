using System.Runtime.CompilerServices;

namespace Gureum.Aws.Paging;

/// <summary>One page of a listing and the token for the next one (null: this was the last page).
/// IAM, ELBv2 and Auto Scaling call the token Marker (with IsTruncated), EC2 and others NextToken.</summary>
public sealed record AwsPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Follows a listing's pages to the end, whichever token style the API uses.</summary>
public static class AwsPaging
{
    /// <summary>Every item of every page, fetched lazily page by page. A service that hands back the
    /// token it was given would loop forever; that is reported instead.</summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(
        Func<string?, CancellationToken, Task<AwsPage<T>>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await fetchPage(token, cancellationToken);
            foreach (var item in page.Items)
                yield return item;
            if (page.Next is not null && page.Next == token)
                throw new InvalidOperationException($"The listing returned the same page token twice ('{token}').");
            token = page.Next;
        }
        while (token is not null);
    }

    public static async Task<IReadOnlyList<T>> ListAllAsync<T>(
        Func<string?, CancellationToken, Task<AwsPage<T>>> fetchPage, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        await foreach (var item in AllAsync(fetchPage, cancellationToken))
            all.Add(item);
        return all;
    }
}
