using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialLoss.Contract;

namespace SocialLoss.Server;

/// <summary>The clearing house's side of the ledger: <c>/insurance</c>, <c>/policy</c>, <c>/history</c>, <c>/state</c>.</summary>
internal static class LedgerEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder api, ClearingService svc)
    {
        api.MapGet("/insurance", () => ApiResults.Json(svc.Read(Views.Insurance)))
            .Describe("getInsurance", "ledger", "Insurance fund, deficit, skin in the game, net deposits.")
            .Produces<InsuranceView>();

        api.MapGet("/policy", () => ApiResults.Json(svc.Read(Views.Policy)))
            .Describe("getPolicy", "ledger", "The loss policy the engine runs: its catalog names (as compare and simulate use them), description, summary and config line.")
            .Produces<PolicyView>();

        api.MapGet("/history", () => ApiResults.Json(svc.History()))
            .Describe("getHistory", "ledger", "Time series for the dashboard: per market mark and open interest, fund and deficit.")
            .Produces<IReadOnlyList<HistorySample>>();

        api.MapGet("/state", (HttpContext ctx) =>
            ctx.Caller().IsOperator ? Results.Text(svc.Read(StateWriter.Write), "application/json") : ApiResults.Forbidden("the full state needs an operator key"))
        .Describe("getState", "ledger", "The full contract-v1 state with its state hash (operators).")
        .Produces<ContractState>()
        .Problems(StatusCodes.Status403Forbidden);
    }
}
