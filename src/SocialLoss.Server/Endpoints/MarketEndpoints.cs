using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary>The markets and their ADL queues: <c>/markets</c>, <c>/markets/{id}/adl</c>.</summary>
internal static class MarketEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder api, ClearingService svc)
    {
        api.MapGet("/markets", () => ApiResults.Json(svc.Read(Views.Markets)))
            .Describe("listMarkets", "markets", "Every market: mark, open interest, specification, book.")
            .Produces<IReadOnlyList<MarketView>>();

        api.MapGet("/markets/{id}/adl", (string id, HttpContext ctx) =>
        {
            if (!ctx.Caller().IsOperator)
                return ApiResults.Forbidden("the ADL queue shows other accounts: operator key needed");
            return svc.Read(l => Views.AdlQueues(l, id)) is { } view ? ApiResults.Json(view) : ApiResults.NotFound("unknown market", $"no market \"{id}\"");
        })
        .Describe("getAdlQueue", "markets", "ADL queues of a market (longs, shorts) with indicator lights (operators).")
        .Produces<AdlQueueView>()
        .Problems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
